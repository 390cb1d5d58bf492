package dev.podwire.daemon;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.datastore.Keys;
import dev.podwire.datastore.Watch;
import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.ip.IpLink;
import dev.podwire.lab.LabNames;
import dev.podwire.labfile.LabSpec;
import dev.podwire.labfile.NodeSpec;
import dev.podwire.labfile.SegmentSpec;
import dev.podwire.lb.LbForward;
import dev.podwire.lb.LbPlanner;
import dev.podwire.lb.LbRenderer;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import dev.podwire.netfilter.Jumps;
import dev.podwire.workload.HttpReply;
import dev.podwire.workload.Probe;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs the lab load balancer (see {@code dev.podwire.lb}): builds its namespace once, then on every change to the
 * cluster's objects and every 5 s (health checks) re-plans the listeners and applies what changed — ingress addresses
 * as /32s on its interface, NAT as one {@code iptables-restore}.
 */
final class LbSync implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LbSync.class.getName());
    private final LabSpec lab;
    private final LabNames names;
    private final ClusterStore cluster;
    private final Bookkeeper book;
    private final Executor executor;
    private final Cidr pool;
    private final Netns ns;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean closed;
    private Optional<Watch> watch = Optional.empty();
    private List<LbForward> applied = List.of();

    LbSync(LabSpec lab, LabNames names, ClusterStore cluster, Bookkeeper book, Executor executor, Cidr pool) {
        this.lab = lab;
        this.names = names;
        this.cluster = cluster;
        this.book = book;
        this.executor = executor;
        this.pool = pool;
        this.ns = names.loadBalancer();
    }

    /** Builds the balancer's namespace and link on the first segment, then starts following the cluster. */
    void start() {
        SegmentSpec seg = lab.underlay().segments().getFirst();
        book.record(r -> r.withNamespaces(List.of(ns.name())));
        executor.run(Command.ipBatch(Netns.HOST, "netns add " + ns.name() + "\n")).orThrow();
        int mtu = lab.underlay().mtu();
        executor.run(Command.ipBatch(names.fabric(), "link add name lb.podwire mtu " + mtu
                + " type veth peer name eth0 mtu " + mtu + " netns " + ns.name() + "\n"
                + "link set dev lb.podwire master " + names.bridge(seg.name()) + " up\n")).orThrow();
        StringBuilder inside = new StringBuilder("link set dev lo up\naddr add " + pool.address() + "/"
                + seg.subnet().prefixLength() + " dev eth0\nlink set dev eth0 up\n");
        seg.gateway().ifPresent(gw -> inside.append("route add default via ").append(gw).append(" dev eth0\n"));
        executor.run(Command.ipBatch(ns, inside.toString())).orThrow();
        executor.run(Command.of(ns, "sysctl", "-qw", "net.ipv4.ip_forward=1")).orThrow();
        executor.run(Command.iptablesRestore(ns, LbRenderer.chains())).orThrow();
        Jumps.ensure(executor, ns, LbRenderer.JUMPS);
        sync();
        watch = Optional.of(cluster.datastore().watch(Keys.REGISTRY, cluster.datastore().revision(),
                e -> wake.release()));
        Thread.ofPlatform().name("lab-lb").daemon(true).start(this::loop);
    }

    private void loop() {
        while (!closed) {
            try {
                wake.tryAcquire(5, TimeUnit.SECONDS);
                wake.drainPermits();
                if (!closed) {
                    sync();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "lab load balancer sync failed, retrying: " + e.getMessage());
                applied = List.of();
            }
        }
    }

    private synchronized void sync() {
        Map<String, Ipv4> nodes = new LinkedHashMap<>();
        for (NodeSpec n : lab.nodes()) {
            nodes.put(n.name(), n.address());
        }
        List<Service> services = cluster.list(ResourceType.SERVICE);
        Set<String> healthy = probe(services, nodes);
        List<LbForward> plan = LbPlanner.plan(services, (ns, name, node) -> healthy.contains(ns + "/" + name + "@"
                + node), nodes);
        if (plan.equals(applied)) {
            return;
        }
        Set<Ipv4> wanted = new TreeSet<>();
        plan.forEach(f -> wanted.add(f.ingress()));
        Set<Ipv4> present = addresses();
        StringBuilder batch = new StringBuilder();
        wanted.stream().filter(ip -> !present.contains(ip))
                .forEach(ip -> batch.append("addr add ").append(ip).append("/32 dev eth0\n"));
        present.stream().filter(ip -> !wanted.contains(ip))
                .forEach(ip -> batch.append("addr del ").append(ip).append("/32 dev eth0\n"));
        if (!batch.isEmpty()) {
            executor.run(Command.ipBatch(ns, batch.toString())).orThrow();
        }
        executor.run(Command.iptablesRestore(ns, LbRenderer.render(plan))).orThrow();
        applied = plan;
        LOG.log(System.Logger.Level.INFO, "lab load balancer sync listeners=" + plan.size() + " addresses="
                + wanted.size());
    }

    /**
     * {@return {@code ns/name@node} for every health check that passed}: an HTTP GET from the balancer's own
     * namespace to each node's {@code healthCheckNodePort}, as a cloud load balancer probes.
     */
    private Set<String> probe(List<Service> services, Map<String, Ipv4> nodes) {
        Set<String> passed = new TreeSet<>();
        for (Service s : services) {
            if (!LbPlanner.checked(s)) {
                continue;
            }
            int port = s.getSpec().getHealthCheckNodePort();
            nodes.forEach((node, ip) -> {
                if (Probe.httpGet(ns, ip, port, "/", Duration.ofSeconds(1)) instanceof HttpReply.Answered a
                        && a.status() == 200) {
                    passed.add(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName() + "@" + node);
                }
            });
        }
        return passed;
    }

    /** {@return the /32 ingress addresses on the balancer's interface} */
    private Set<Ipv4> addresses() {
        // Read as a command that must succeed: the balancer's eth0 is part of its namespace from the start.
        String out = executor.run(IpLink.addrCommand(ns, IfName.of("eth0"))).orThrow().stdout();
        Set<Ipv4> ips = new TreeSet<>();
        IpLink.parse(out).forEach(link -> link.addresses().stream().filter(a -> a.prefixLength() == 32)
                .forEach(a -> ips.add(a.local())));
        return ips;
    }

    @Override
    public void close() {
        closed = true;
        watch.ifPresent(Watch::close);
        wake.release();
    }
}
