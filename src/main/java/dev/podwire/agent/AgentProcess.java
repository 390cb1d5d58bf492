package dev.podwire.agent;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.KeyValue;
import dev.podwire.datastore.etcd.EtcdDatastore;
import dev.podwire.datastore.etcd.EtcdPrefixCheck;
import dev.podwire.host.Executor;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.LabRecord;
import dev.podwire.lab.ProcessRef;
import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.LabSpec;
import dev.podwire.labfile.NodeSpec;
import dev.podwire.net.Cidr;
import dev.podwire.net.Netns;
import dev.podwire.runtime.RuntimePaths;
import dev.podwire.runtime.SupervisedRuntime;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.NetConf;
import io.fabric8.kubernetes.api.model.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import dev.podwire.kubelet.ClusterDnsImages;

/**
 * {@code podwire agent}: one node's agent as a process of its own, as flanneld, kube-proxy and kubelet's network half
 * run on a real node. Everything it needs comes from etcd: flannel's net-conf ({@code <prefix>/config}), the lab's
 * settings ({@code /podwire/lab}, the Lab document as JSON, written by the lab daemon), and its Node object
 * ({@code /registry/minions/<node>}, with the podCIDR in flannel's kube mode). It claims the node
 * ({@link NodeClaim}), acquires or reclaims its flannel lease, programs the node and then follows etcd until it is
 * stopped (SIGTERM: workloads close, the claim is released; namespaces, routes and rules stay for the next agent).
 *
 * <p>With {@code --lab} it manages the lab node's namespace {@code <lab>-<node>} and keeps the node's files under
 * {@code /run/podwire/<lab>/nodes/<node>/}; it must run inside that namespace (the daemon starts it with
 * {@code nsenter --net}), so that its etcd connection and sockets are the node's. Without {@code --lab} it manages the
 * namespace it runs in, with its files under {@code /}: the real-host case.
 */
public final class AgentProcess {
    private static final System.Logger LOG = System.getLogger(AgentProcess.class.getName());
    /** Where the lab daemon stores the Lab document for agents. */
    public static final String LAB_KEY = "/podwire/lab";
    private static final Duration RENEW_EVERY = Duration.ofSeconds(3);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(15);

    private final AgentOptions options;
    private final Executor executor;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);

    /** An agent that will run with {@code options}, reaching the kernel through {@code executor}. */
    public AgentProcess(AgentOptions options, Executor executor) {
        this.options = options;
        this.executor = executor;
    }

    /**
     * Runs the agent until it is stopped or loses its node; {@return the exit code}.
     *
     * @throws IllegalStateException with a message naming what is wrong and how to fix it, for bad configuration
     *     (unreachable etcd, wrong prefix, unknown node, another agent holding the node)
     */
    public int run() throws InterruptedException {
        String node = options.node();
        // SIGTERM: the JVM waits for the hook, and the hook for the clean stop (the claim released, then etcd closed).
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            try {
                stop(STOP_PATIENCE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            EtcdDatastore store;
            try {
                // One attempt, with room for gRPC's start-up on a busy machine: a wrong endpoint is reported in seconds.
                store = EtcdDatastore.connect(options.endpoints(), CONNECT_TIMEOUT);
            } catch (DatastoreUnavailableException e) {
                throw new IllegalStateException("agent for node " + node + ": " + e.getMessage() + " (the endpoints"
                        + " must be reachable from " + where() + ")", e);
            }
            try {
                return runWith(store);
            } finally {
                store.close();
            }
        } finally {
            // However run ends, the hook must not wait for it.
            done.countDown();
        }
    }

    private int runWith(EtcdDatastore store) throws InterruptedException {
        String node = options.node();
        NetConf conf;
        try {
            conf = NetConf.parse(EtcdPrefixCheck.requireNetworkConfig(store, options.prefix().prefix()).value());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("agent for node " + node + ": " + e.getMessage(), e);
        }
        LabSpec lab = LabFiles.parseLab(requireKey(store, LAB_KEY, "the lab's settings", "the lab daemon writes"
                + " them when it starts; on a host of your own, put your Lab document there as JSON").value(),
                "etcd:" + LAB_KEY);
        if (!conf.network().equals(lab.podNetwork().network())) {
            throw new IllegalStateException("agent for node " + node + ": flannel's network " + conf.network()
                    + " at " + options.prefix().configKey() + " differs from the lab's podNetwork "
                    + lab.podNetwork().network() + " at " + LAB_KEY + " (expected: the same network)");
        }
        NodeSpec spec = lab.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow(
                () -> new IllegalStateException("agent: node " + node + " is not in lab " + lab.name() + " (nodes: "
                        + lab.nodes().stream().map(NodeSpec::name).toList() + "); check --node"));
        ClusterStore cluster = new ClusterStore(store, InstantSource.system(), random());
        Node object = cluster.get(ResourceType.NODE, "", node).orElseThrow(() -> new IllegalStateException(
                "agent: node " + node + " is not registered (no /registry/minions/" + node + " in etcd at "
                        + options.endpoints() + ")"));
        Optional<Cidr> podCidr = Optional.ofNullable(object.getSpec()).map(s -> s.getPodCIDR()).map(Cidr::parse);
        LabNames names = new LabNames(lab.name());
        Netns netns = options.lab().map(l -> names.machine(node)).orElse(Netns.HOST);
        Path root = options.lab().map(l -> Path.of(names.nodeRoot(node))).orElse(Path.of("/"));
        options.lab().ifPresent(l -> requireLab(l, lab, names.machine(node)));

        // The local lock first: it refuses a second agent on this host whatever state the etcd claim is in.
        try (AgentLock lock = AgentLock.take(AgentLock.file(root), node, ProcessRef.of(ProcessHandle.current()))) {
            NodeClaim claim = new NodeClaim(store, node, NodeClaim.Holder.self(), InstantSource.system());
            claim.acquire(NodeClaim.TTL.plusSeconds(2));
            try {
                return serve(cluster, lab, spec, names, netns, root, podCidr, claim);
            } finally {
                try {
                    claim.release();
                } catch (DatastoreUnavailableException e) {
                    // It expires within its TTL; the next agent takes it over sooner (same host, process gone).
                    LOG.log(System.Logger.Level.WARNING, "claim " + claim.key() + " not released: " + e.getMessage());
                }
            }
        }
    }

    private int serve(ClusterStore cluster, LabSpec lab, NodeSpec spec, LabNames names, Netns netns, Path root,
            Optional<Cidr> podCidr, NodeClaim claim) throws InterruptedException {
        String node = options.node();
        Consumer<ProcessRef> processes = options.lab().isPresent()
                ? p -> LabRecord.update(names, r -> r.withProcess(p))
                // On a host of its own nobody tears a lab down; the pods' processes are the host's.
                : p -> { };
        try (ClusterDnsImages dns = ClusterDnsImages.start(lab, cluster)) {
            NodeContext ctx = new NodeContext(lab, spec, names, cluster, executor, InstantSource.system(), random(),
                    processes, dns, netns, root);
            // Containers run in the node's runtime process, which outlives this agent (kill -9 included): a restarted
            // agent finds them running and adopts its pods instead of re-creating them.
            try (NodeAgent agent = new NodeAgent(ctx, podCidr, options.prefix(),
                    SupervisedRuntime.connectOrStart(RuntimePaths.under(root), netns, node, processes))) {
                Lease lease = agent.start();
                LOG.log(System.Logger.Level.INFO, "agent started node=" + node + " netns=" + netns + " lease="
                        + lease.subnet() + " publicIp=" + lease.attrs().publicIp() + " pid="
                        + ProcessHandle.current().pid());
                return follow(claim, netns);
            }
        }
    }

    /**
     * Asks a running {@link #run} to stop cleanly (the node's workloads close, the claim is released) and waits up to
     * {@code patience} for it; for a shutdown hook, which must not return before the clean stop is done.
     */
    public void stop(Duration patience) throws InterruptedException {
        stopped.countDown();
        done.await(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    // Keeps the claim alive and watches for the end: SIGTERM, the node's namespace gone, or another agent's take-over.
    private int follow(NodeClaim claim, Netns netns) throws InterruptedException {
        boolean warned = false;
        while (!stopped.await(RENEW_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (!netns.isHost() && !Files.exists(Path.of(netns.path()))) {
                LOG.log(System.Logger.Level.ERROR, "node namespace " + netns + " was removed; agent exiting");
                return 1;
            }
            try {
                if (!claim.renew()) {
                    LOG.log(System.Logger.Level.ERROR, "another agent took node " + options.node() + " over ("
                            + claim.key() + "); exiting");
                    return 1;
                }
                if (warned) {
                    LOG.log(System.Logger.Level.INFO, "etcd reachable again; claim renewed");
                    warned = false;
                }
            } catch (DatastoreUnavailableException e) {
                // The data plane keeps working without etcd; the claim is retaken when etcd answers again.
                if (!warned) {
                    LOG.log(System.Logger.Level.WARNING, "cannot renew claim, retrying: " + e.getMessage());
                    warned = true;
                }
            }
        }
        return 0;
    }

    private static KeyValue requireKey(Datastore store, String key, String what, String hint) {
        return store.get(key).orElseThrow(() -> new IllegalStateException("agent: no " + what + " at " + key
                + " in etcd; " + hint));
    }

    // The agent must live in the namespace it manages: its etcd connection and its sockets are the node's.
    private static void requireLab(String given, LabSpec lab, Netns netns) {
        if (!given.equals(lab.name())) {
            throw new IllegalStateException("agent: --lab " + given + " but etcd holds lab " + lab.name()
                    + " (expected: the same lab)");
        }
        try {
            Object mine = Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino");
            Object wanted = Files.getAttribute(Path.of(netns.path()), "unix:ino");
            if (!mine.equals(wanted)) {
                throw new IllegalStateException("agent: not running inside namespace " + netns + " (start it with"
                        + " ip netns exec " + netns + " podwire agent ...)");
            }
        } catch (IOException e) {
            throw new IllegalStateException("agent: namespace " + netns + " not found (" + e.getMessage()
                    + "); is lab " + lab.name() + " up?", e);
        }
    }

    private String where() {
        return options.lab().map(l -> "namespace " + l + "-" + options.node()).orElse("this host");
    }

    private static RandomGenerator random() {
        return () -> java.util.concurrent.ThreadLocalRandom.current().nextLong();
    }
}
