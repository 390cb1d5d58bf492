package dev.podwire.agent;

import dev.podwire.cluster.ResourceType;
import dev.podwire.cni.CniReconciler;
import dev.podwire.cni.CniRenderer;
import dev.podwire.datastore.Keys;
import dev.podwire.datastore.Watch;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import dev.podwire.runtime.ContainerRuntime;
import dev.podwire.runtime.InProcessRuntime;
import dev.podwire.runtime.RuntimePaths;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.SubnetEnv;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One node's agent: what flanneld, the CNI plugins and kubelet's network half do on a real node. It only watches the
 * store and reconciles its own node; agents never talk to each other.
 *
 * <p>Start-up (synchronous, so {@code up} can report it): acquire the lease, write {@code subnet.env} and the CNI
 * configuration, create {@code cni0}, program flannel's iptables rules and the first routes. Then a loop, woken by
 * store changes and every 5 s (flannel's {@code --iptables-resync}), renews the lease, reconciles routes and pods.
 * A change wakes only the parts it touches ({@link SyncPart}); the 5 s pass runs them all. A failed pass is logged
 * once and retried as a full resync.
 */
public final class NodeAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NodeAgent.class.getName());
    private static final Duration RESYNC = Duration.ofSeconds(5);

    private final NodeContext ctx;
    private final LeaseManager leases;
    private final BackendSync backend;
    private final FlannelRulesSync rules;
    private final ProxySync proxy;
    private final ContainerRuntime runtime;
    private final PassSchedule schedule = new PassSchedule(RESYNC, System.nanoTime());
    private final Semaphore wake = new Semaphore(0);
    private final Set<SyncPart> dirty = EnumSet.noneOf(SyncPart.class);
    private volatile boolean closed;
    private volatile Optional<String> lastError = Optional.empty();
    private volatile long passes;
    private PodSync pods;
    private Thread loop;
    private List<Watch> watches = List.of();

    /**
     * Creates the agent of one node running its containers in this JVM ({@link InProcessRuntime}: the embedded lab
     * daemon), with flannel's keys under the default prefix; nothing happens until {@link #start()}.
     */
    public NodeAgent(NodeContext ctx, Optional<dev.podwire.net.Cidr> podCidr) {
        this(ctx, podCidr, new InProcessRuntime(RuntimePaths.under(ctx.root()).dir()));
    }

    /**
     * Creates the agent of one node running its containers through {@code runtime} (e.g. a
     * {@link dev.podwire.runtime.RuntimeClient} of the node's {@code podwire runtime} process, which outlives the
     * agent); the agent closes it when it closes. Nothing happens until {@link #start()}.
     */
    public NodeAgent(NodeContext ctx, Optional<dev.podwire.net.Cidr> podCidr, ContainerRuntime runtime) {
        this(ctx, podCidr, dev.podwire.subnet.LeaseKey.DEFAULT, runtime);
    }

    /**
     * Creates the agent of one node; nothing happens until {@link #start()}.
     *
     * @param podCidr the node's podCIDR (the subnet in flannel's kube mode)
     * @param leaseKeys where flannel's keys live ({@code --etcd-prefix})
     * @param runtime where its containers run; closed with the agent
     */
    public NodeAgent(NodeContext ctx, Optional<dev.podwire.net.Cidr> podCidr, dev.podwire.subnet.LeaseKey leaseKeys,
            ContainerRuntime runtime) {
        this.ctx = ctx;
        this.runtime = runtime;
        this.backend = switch (ctx.lab().podNetwork().backend()) {
            case dev.podwire.subnet.BackendConfig.HostGw h -> new HostGwSync(ctx);
            case dev.podwire.subnet.BackendConfig.Vxlan v -> new VxlanSync(ctx, v);
        };
        this.rules = new FlannelRulesSync(ctx);
        this.proxy = new ProxySync(ctx);
        this.leases = new LeaseManager(ctx.cluster().datastore(), leaseKeys, ctx.lab().podNetwork(), ctx.lab().flannel().mode(),
                backend.attrs(), podCidr, ctx.clock(), ctx.random());
    }

    /** Acquires (or renews) this node's lease in the store; {@return the lease} */
    public Lease acquireLease() {
        return leases.acquire();
    }

    /** Programs the node for its lease (acquiring it first if needed) and starts the loop; {@return the lease} */
    public Lease start() {
        Lease lease = leases.held() ? leases.current() : leases.acquire();
        int mtu = mtu();
        SubnetEnv env = new SubnetEnv(ctx.lab().podNetwork().network(), lease.subnet(), mtu,
                ctx.lab().flannel().ipMasq());
        writeAtomically(ctx.root().resolve("run/flannel/subnet.env"), env.render());
        writeAtomically(ctx.root().resolve("etc/cni/net.d/10-flannel.conflist"), CniRenderer.flannelConflist());
        try {
            // host-local's directory exists before the first pod, as on a node where the CNI config is installed.
            Files.createDirectories(ctx.root().resolve("var/lib/cni/networks/cbr0"));
        } catch (IOException e) {
            throw new UncheckedIOException("create " + ctx.root().resolve("var/lib/cni"), e);
        }
        CniReconciler cni = new CniReconciler(ctx.executor());
        cni.ensureBridge(ctx.netns(), lease.subnet(), mtu);
        backend.setUp(lease);
        rules.ensure(lease);
        backend.sync(lease, leases.all());
        pods = new PodSync(ctx, cni, new HostLocalIpam(ctx.root(), lease.subnet()), runtime);
        long rev = ctx.cluster().datastore().revision();
        watches = List.of(
                // Pods for wiring, Services, EndpointSlices and kube-proxy's ConfigMap for the proxy.
                ctx.cluster().datastore().watch(Keys.REGISTRY, rev, e -> kick(SyncPart.of(e))),
                ctx.cluster().datastore().watch(leases.subnetsPrefix(), rev,
                        e -> kick(EnumSet.of(SyncPart.BACKEND))));
        loop = Thread.ofPlatform().name("agent-" + ctx.node().name()).daemon(true).start(this::run);
        kick();
        return lease;
    }

    /** Asks for a reconcile pass of every part soon. */
    public void kick() {
        kick(EnumSet.allOf(SyncPart.class));
    }

    private void kick(Set<SyncPart> parts) {
        if (parts.isEmpty()) {
            return;
        }
        synchronized (dirty) {
            dirty.addAll(parts);
        }
        wake.release();
    }

    private Set<SyncPart> takeDirty() {
        synchronized (dirty) {
            Set<SyncPart> taken = EnumSet.copyOf(dirty);
            dirty.clear();
            return taken;
        }
    }

    /** {@return the error of the last pass, if it failed} */
    public Optional<String> lastError() {
        return lastError;
    }

    /** {@return how many passes have completed} */
    public long passes() {
        return passes;
    }

    /** {@return this node's pods' namespaces and addresses, as wired} */
    public synchronized Map<Netns, Ipv4> pods() {
        return pods == null ? Map.of() : pods.pods();
    }

    /** {@return the lease this node holds} */
    public Lease lease() {
        return leases.current();
    }

    private void run() {
        boolean full = false;
        while (!closed) {
            try {
                wake.tryAcquire(schedule.waitNanos(System.nanoTime()), TimeUnit.NANOSECONDS);
                wake.drainPermits();
                if (closed) {
                    return;
                }
                Set<SyncPart> parts = schedule.due(System.nanoTime(), takeDirty(), full);
                if (parts.isEmpty()) {
                    continue;
                }
                pass(full, parts);
                full = false;
                lastError = Optional.empty();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (lastError.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "node agent pass failed node=" + ctx.node().name()
                            + " retry=full-resync: " + e.getMessage(), e);
                }
                lastError = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
                full = true;
            }
        }
    }

    // Runs the parts a change touched: a Service change costs one proxy sync, not a route dump and a pod listing.
    private synchronized void pass(boolean full, Set<SyncPart> parts) {
        long t0 = System.nanoTime();
        int routeChanges = 0;
        boolean relet = false;
        if (parts.contains(SyncPart.BACKEND)) {
            // A lease taken back (after an expiry or a deletion by hand) also re-checks the pods against it.
            relet = leases.renewIfDue();
            if (relet || full) {
                backend.setUp(leases.current());
                rules.ensure(leases.current());
            }
            routeChanges = backend.sync(leases.current(), leases.all());
        }
        int podChanges = 0;
        int podCount = -1;
        if (parts.contains(SyncPart.PODS) || relet) {
            List<Pod> mine = ctx.cluster().list(ResourceType.POD).stream()
                    .filter(p -> p.getSpec() != null && ctx.node().name().equals(p.getSpec().getNodeName())).toList();
            podChanges = pods.sync(mine, leases.current().subnet(), mtu());
            podCount = mine.size();
        }
        if (parts.contains(SyncPart.PROXY)) {
            // A partial proxy sync that minSyncPeriod holds back wakes the loop as soon as it may run.
            schedule.proxySynced(System.nanoTime(), proxy.sync(full));
        }
        passes++;
        if (routeChanges + podChanges > 0) {
            LOG.log(System.Logger.Level.INFO, "node sync node=" + ctx.node().name() + " pods=" + podCount
                    + " podChanges=" + podChanges + " routeChanges=" + routeChanges + " took="
                    + (System.nanoTime() - t0) / 1_000_000 + "ms");
        }
    }

    private int mtu() {
        return ctx.lab().podNetwork().backend().mtu(ctx.lab().underlay().mtu());
    }

    private static void writeAtomically(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        watches.forEach(Watch::close);
        kick();
        if (loop != null) {
            try {
                loop.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (pods != null) {
                pods.close();
            } else {
                runtime.close();
            }
            proxy.close();
        }
    }
}
