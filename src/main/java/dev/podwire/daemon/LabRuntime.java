package dev.podwire.daemon;

import dev.podwire.agent.NodeAgent;
import dev.podwire.agent.NodeContext;
import dev.podwire.kubelet.SpecialImages;
import dev.podwire.cluster.ClusterStore;
import dev.podwire.control.ControlPlane;
import dev.podwire.control.ServiceOptions;
import dev.podwire.control.NodeLifecycle;
import dev.podwire.control.NodeRegistration;
import dev.podwire.agent.AgentProcess;
import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.subnet.LeaseKey;
import dev.podwire.datastore.Keys;
import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.LabRecord;
import dev.podwire.lab.UnderlayPlan;
import dev.podwire.lab.UnderlayPlanner;
import dev.podwire.labfile.LabSpec;
import dev.podwire.labfile.NodeSpec;
import dev.podwire.net.Cidr;
import dev.podwire.net.Netns;
import dev.podwire.subnet.LeaseAllocation;
import dev.podwire.subnet.SubnetAllocator;
import dev.podwire.subnet.SubnetManager;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The daemon's composition root for one lab: it assembles the lab in start-up order — underlay, datastore, control
 * plane, one agent per node — hands out the parts it built ({@link #cluster()}, {@link #writes()}, ...), and stops
 * them in reverse order. The write path is {@link ClusterWrites}; the record, snapshots and TTL expiry that make
 * {@code down} and recovery work are the {@link Bookkeeper}'s.
 */
final class LabRuntime implements AutoCloseable {
    private final LabSpec lab;
    private final LabNames names;
    private final Executor executor;
    private final Bookkeeper book;
    private final InstantSource clock = InstantSource.system();
    // Controllers, agents and RPC threads all draw from it: each thread gets its own generator.
    private final RandomGenerator random = () -> java.util.concurrent.ThreadLocalRandom.current().nextLong();
    private final InMemoryDatastore memory = new InMemoryDatastore(clock);
    private final String labJson;
    // The memory store until startDatastore() connects the lab's etcd, in etcd mode.
    private Datastore store = memory;
    private ClusterStore cluster = new ClusterStore(memory, clock, random);
    private Optional<LabEtcd> etcd = Optional.empty();
    private Optional<AgentSupervisor> supervisor = Optional.empty();
    private Optional<LeaseReaper> reaper = Optional.empty();
    private final Map<String, NodeAgent> agents = new LinkedHashMap<>();
    private Optional<ControlPlane> control = Optional.empty();
    private Optional<ClusterWrites> writes = Optional.empty();
    private Optional<LbSync> loadBalancer = Optional.empty();
    private SpecialImages images = SpecialImages.NONE;
    private Optional<ClusterDns> clusterDns = Optional.empty();

    /**
     * @param labJson the Lab document as JSON, stored in etcd for the agent processes in etcd mode
     * @param book    the lab's record keeper; it is closed with the lab
     */
    LabRuntime(LabSpec lab, Executor executor, String labJson, Bookkeeper book) {
        this.lab = lab;
        this.labJson = labJson;
        this.names = new LabNames(lab.name());
        this.executor = executor;
        this.book = book;
    }

    LabSpec lab() {
        return lab;
    }

    LabNames names() {
        return names;
    }

    /** {@return the lab's record keeper} */
    Bookkeeper book() {
        return book;
    }

    /** {@return the cluster's objects; the lab's etcd once {@link #startDatastore()} connected it, in etcd mode} */
    ClusterStore cluster() {
        return cluster;
    }

    /** {@return the write path}, once {@link #startControlPlane()} started the admission it needs */
    ClusterWrites writes() {
        return writes.orElseThrow(() -> new IllegalStateException("lab " + lab.name() + ": no control plane yet"));
    }

    /** {@return the in-process node agents by node name (none in etcd mode, whose agents are processes)} */
    Map<String, NodeAgent> agents() {
        return agents;
    }

    /** Builds the underlay: namespaces, bridges, veths, addresses, routes, sysctls. */
    String buildUnderlay() {
        long t0 = System.nanoTime();
        UnderlayPlan plan = UnderlayPlanner.plan(lab);
        // Record first: a crash between recording and creating leaves a name to skip, never an orphan.
        record(r -> r.withNamespaces(plan.namespaces().stream().map(Netns::name).toList()));
        StringBuilder add = new StringBuilder();
        plan.namespaces().forEach(ns -> add.append("netns add ").append(ns.name()).append('\n'));
        executor.run(Command.ipBatch(Netns.HOST, add.toString())).orThrow();
        for (UnderlayPlan.Batch b : plan.batches()) {
            executor.run(Command.ipBatch(b.netns(), b.lines())).orThrow();
        }
        plan.sysctls().forEach((ns, map) -> {
            List<String> argv = new ArrayList<>(List.of("sysctl", "-qw"));
            map.forEach((k, v) -> argv.add(k + "=" + v));
            executor.run(new Command(ns, argv, "")).orThrow();
        });
        plan.iptables().forEach((ns, payload) -> executor.run(Command.iptablesRestore(ns, payload)).orThrow());
        return "underlay: " + plan.namespaces().size() + " namespaces, " + lab.underlay().segments().size()
                + " segment(s), " + UnderlayPlanner.machines(lab).size() + " machines (" + ms(t0) + ")";
    }

    /** Starts the lab's etcd and connects to it, in etcd mode; {@return a progress line} */
    String startDatastore() {
        if (!lab.datastore().isEtcd()) {
            return "datastore: in memory (snapshots in " + names.stateDir() + "/store.json)";
        }
        long t0 = System.nanoTime();
        LabEtcd started = LabEtcd.start(lab, names, book, executor);
        etcd = Optional.of(started);
        store = started.store();
        cluster = new ClusterStore(store, clock, random);
        reaper = Optional.of(new LeaseReaper(store, lab.nodes(), LeaseKey.DEFAULT));
        return "datastore: etcd " + started.agentEndpoints().stream().map(Object::toString).toList()
                + started.process().flatMap(p -> p.process()).map(p -> " (pid " + p.pid() + ", namespace "
                        + names.etcd() + ")").orElse(" (given)") + " (" + ms(t0) + ")";
    }

    /** {@return the lab's etcd, in etcd mode} */
    Optional<LabEtcd> etcd() {
        return etcd;
    }

    /** Starts the datastore's housekeeping and the control plane, and registers the nodes. */
    Map<String, Cidr> startControlPlane() {
        store.put(Keys.FLANNEL_CONFIG, lab.podNetwork().json(), Optional.empty());
        if (etcd.isPresent()) {
            store.put(AgentProcess.LAB_KEY, labJson, Optional.empty());
        }
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            Namespace n = new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build();
            cluster.create(n);
        }
        Map<String, Cidr> podCidrs = podCidrs();
        NodeLifecycle nodes = new NodeLifecycle(cluster);
        String kernel = executor.run(Command.of(Netns.HOST, "uname", "-r")).stdout().strip();
        for (NodeSpec n : lab.nodes()) {
            nodes.register(NodeRegistration.of(n.name(), n.address(),
                    Optional.ofNullable(podCidrs.get(n.name())).map(List::of).orElse(List.of()),
                    n == lab.nodes().getFirst(), kernel));
        }
        Optional<Cidr> pool = LoadBalancerPool.of(lab);
        ControlPlane started = new ControlPlane(cluster, random, new ServiceOptions(lab.serviceCidr(),
                lab.dns().clusterIp(), pool));
        control = Optional.of(started);
        ClusterWrites write = new ClusterWrites(cluster, started.admission());
        writes = Optional.of(write);
        started.start();
        // kubeadm's default Service; its endpoint is the control-plane node's API server port, as on a real cluster.
        started.ensureKubernetesService(lab.nodes().getFirst().address());
        // Cluster DNS as kubeadm installs it: kube-dns in front of two coredns pods served by our DNS server.
        // With agent processes, each agent serves its own node's coredns pods.
        if (etcd.isEmpty()) {
            ClusterDns dns = ClusterDns.start(lab, cluster);
            clusterDns = Optional.of(dns);
            images = dns.images();
        }
        ClusterDns.objects(lab).forEach(write::write);
        // kube-proxy's configuration where kubeadm puts it; editing it changes every node's proxy (seed 002).
        write.write(dev.podwire.labfile.KubeProxyConfigs.configMap(lab.kubeProxy()));
        book.startHousekeeping(memory, reaper, clock);
        pool.ifPresent(p -> {
            LbSync lb = new LbSync(lab, names, cluster, book, executor, p);
            loadBalancer = Optional.of(lb);
            lb.start();
        });
        return podCidrs;
    }

    /**
     * Starts every node's agent; {@return one progress line per node}. All leases are acquired first, then the nodes
     * are programmed in parallel: each first sync already sees every peer, so no node's arrival makes the others
     * re-sync (N joins would otherwise cost N x N route syncs).
     */
    List<String> startAgents(Map<String, Cidr> podCidrs) throws InterruptedException {
        if (etcd.isPresent()) {
            AgentSupervisor agents = new AgentSupervisor(this, etcd.get().agentEndpoints());
            supervisor = Optional.of(agents);
            agents.start();
            return AgentStartup.await(this, agents, Duration.ofSeconds(90));
        }
        for (NodeSpec node : lab.nodes()) {
            NodeContext ctx = new NodeContext(lab, node, names, cluster, executor, clock, random,
                    p -> record(r -> r.withProcess(p)), images);
            NodeAgent agent = new NodeAgent(ctx, Optional.ofNullable(podCidrs.get(node.name())));
            agents.put(node.name(), agent);
            agent.acquireLease();
        }
        Map<String, String> lines = new java.util.concurrent.ConcurrentHashMap<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (NodeSpec node : lab.nodes()) {
            threads.add(Thread.ofPlatform().name("start-" + node.name()).start(() -> {
                try {
                    long t0 = System.nanoTime();
                    var lease = agents.get(node.name()).start();
                    lines.put(node.name(), "node " + node.name() + ": lease " + lease.subnet() + ", cni0 "
                            + lease.subnet().host(1) + "/" + lease.subnet().prefixLength() + ", "
                            + (lab.nodes().size() - 1) + " peer(s) via " + lab.podNetwork().backend().type() + " ("
                            + ms(t0) + ")");
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.getFirst();
            throw new IllegalStateException(first.getMessage(), first);
        }
        return lab.nodes().stream().map(n -> lines.get(n.name())).toList();
    }

    // startAgents reports the processes its nodes start through this.
    private void record(java.util.function.UnaryOperator<LabRecord> change) {
        book.record(change);
    }

    private Map<String, Cidr> podCidrs() {
        Map<String, Cidr> out = new LinkedHashMap<>();
        if (lab.flannel().mode() != SubnetManager.KUBE) {
            return out;
        }
        Set<Cidr> taken = new TreeSet<>();
        lab.nodes().forEach(n -> n.podCidr().ifPresent(taken::add));
        // kube-controller-manager's range allocator: nodes in order, each the lowest free subnet.
        for (NodeSpec n : lab.nodes()) {
            Cidr c = n.podCidr().orElseGet(() -> switch (SubnetAllocator.allocate(lab.podNetwork(),
                    SubnetManager.KUBE, taken, random)) {
                case LeaseAllocation.Allocated(var subnet) -> subnet;
                case LeaseAllocation.Exhausted(var why) -> throw new IllegalStateException(why);
            });
            taken.add(c);
            out.put(n.name(), c);
        }
        return out;
    }

    static String ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000 + " ms";
    }

    /**
     * Stops the books first (no record change after this point), then agents (closing every in-namespace socket) and
     * the control plane; namespaces stay for the teardown.
     */
    @Override
    public void close() {
        book.close();
        loadBalancer.ifPresent(LbSync::close);
        control.ifPresent(ControlPlane::close);
        agents.values().forEach(NodeAgent::close);
        clusterDns.ifPresent(ClusterDns::close);
        // Agents release their claims in etcd as they stop, so etcd goes last.
        supervisor.ifPresent(AgentSupervisor::close);
        etcd.ifPresent(LabEtcd::close);
    }

    /** {@return how long to wait for pods before giving up} */
    static Duration podTimeout() {
        return Duration.ofSeconds(120);
    }
}
