package dev.podwire.agent;

import dev.podwire.backend.NodeLink;
import dev.podwire.cni.CniReconciler;
import dev.podwire.datastore.Keys;
import dev.podwire.datastore.Watch;
import dev.podwire.datastore.WatchEvent;
import dev.podwire.flannel.Flannel;
import dev.podwire.host.Kernel;
import dev.podwire.ipam.HostLocalIpam;
import dev.podwire.kubelet.PodSync;
import dev.podwire.kubelet.PodSyncer;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import dev.podwire.proxy.ProxyLoop;
import dev.podwire.proxy.modes.Proxiers;
import dev.podwire.runtime.ContainerRuntime;
import dev.podwire.runtime.InProcessRuntime;
import dev.podwire.runtime.RuntimePaths;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseKey;
import dev.podwire.subnet.LeaseView;
import dev.podwire.sync.SyncLoop;
import dev.podwire.sync.Syncer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One node's agent: what flanneld, the CNI plugins, kubelet's network half and kube-proxy do on a real node. It only
 * watches the store and reconciles its own node; agents never talk to each other.
 *
 * <p>Start-up (synchronous, so {@code up} can report it) is flanneld's ({@link Flannel#start()}: the lease,
 * {@code subnet.env}, the backend's devices, flannel's rules, the first routes) plus {@code cni0}. Then a
 * {@link SyncLoop} runs the node's syncers — the lease, the backend, flannel's rules, the pods, the proxy — each on
 * its own, woken by the store changes it follows and at least every 5 s (flannel's {@code --iptables-resync}),
 * retried with back-off after a failure without holding up the others.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Duration RESYNC = Duration.ofSeconds(5);

    private final NodeContext ctx;
    private final Kernel kernel;
    private final Flannel flannel;
    private final ContainerRuntime runtime;
    private Optional<PodSync> pods = Optional.empty();
    private Optional<SyncLoop> loop = Optional.empty();
    private List<Watch> watches = List.of();

    /**
     * Creates the agent of one node running its containers in this JVM ({@link InProcessRuntime}: the embedded lab
     * daemon), with flannel's keys under the default prefix; nothing happens until {@link #start()}.
     */
    public NodeAgent(NodeContext ctx, Optional<Cidr> podCidr) {
        this(ctx, podCidr, new InProcessRuntime(RuntimePaths.under(ctx.root()).dir()));
    }

    /**
     * Creates the agent of one node running its containers through {@code runtime} (e.g. a
     * {@link dev.podwire.runtime.RuntimeClient} of the node's {@code podwire runtime} process, which outlives the
     * agent); the agent closes it when it closes. Nothing happens until {@link #start()}.
     */
    public NodeAgent(NodeContext ctx, Optional<Cidr> podCidr, ContainerRuntime runtime) {
        this(ctx, podCidr, LeaseKey.DEFAULT, runtime);
    }

    /**
     * Creates the agent of one node; nothing happens until {@link #start()}.
     *
     * @param podCidr the node's podCIDR (the subnet in flannel's kube mode)
     * @param leaseKeys where flannel's keys live ({@code --etcd-prefix})
     * @param runtime where its containers run; closed with the agent
     */
    public NodeAgent(NodeContext ctx, Optional<Cidr> podCidr, LeaseKey leaseKeys, ContainerRuntime runtime) {
        this.ctx = ctx;
        this.runtime = runtime;
        this.kernel = new Kernel(ctx.netns(), ctx.executor());
        NodeLink link = new NodeLink(ctx.node().name(), ctx.node().address(), ctx.node().iface(), ctx.segmentSubnet(),
                ctx.lab().underlay().mtu());
        this.flannel = new Flannel(kernel, link, ctx.lab().podNetwork(), ctx.lab().flannel().mode(),
                ctx.lab().flannel().ipMasq(), ctx.cluster().datastore(), leaseKeys, podCidr, ctx.root(), ctx.clock(),
                ctx.random());
    }

    /** Acquires (or renews) this node's lease in the store; {@return the lease} */
    public Lease acquireLease() {
        return flannel.acquireLease();
    }

    /** Programs the node for its lease (acquiring it first if needed) and starts the loop; {@return the lease} */
    public synchronized Lease start() {
        Lease lease = flannel.start();
        CniReconciler cni = new CniReconciler(ctx.executor());
        cni.ensureBridge(ctx.netns(), lease.subnet(), flannel.mtu());
        PodSync podSync = new PodSync(ctx.kubelet(), cni, new HostLocalIpam(ctx.root(), lease.subnet()), runtime);
        pods = Optional.of(podSync);
        List<Syncer> syncers = new ArrayList<>(flannel.syncers());
        syncers.add(new PodSyncer(podSync, ctx.kubelet(), () -> flannel.leases().self().subnet(), flannel.mtu(),
                Set.of(LeaseView.RENEWED)));
        syncers.add(new ProxyLoop(kernel, ctx.node().name(), List.of(ctx.node().address()), ctx.cluster(),
                ctx.lab().kubeProxy(), ctx.clock(), Proxiers::create));
        SyncLoop started = new SyncLoop(ctx.node().name(), syncers, RESYNC);
        loop = Optional.of(started);
        long rev = ctx.cluster().datastore().revision();
        watches = List.of(
                ctx.cluster().datastore().watch(Keys.REGISTRY, rev, e -> route(started, e)),
                ctx.cluster().datastore().watch(flannel.leases().prefix(), rev, e -> route(started, e)));
        started.start();
        return lease;
    }

    // A change wakes only the syncers that follow its key: a Service change costs one proxy sync, not a route dump
    // and a pod listing. A compaction lost events: everything re-reads.
    private static void route(SyncLoop loop, WatchEvent event) {
        switch (event) {
            case WatchEvent.Put put -> loop.changed(put.kv().key());
            case WatchEvent.Delete delete -> loop.changed(delete.key());
            case WatchEvent.Compacted compacted -> loop.wakeAll();
        }
    }

    /** Asks every syncer for a pass soon. */
    public void kick() {
        loop.ifPresent(SyncLoop::wakeAll);
    }

    /** {@return the error of a syncer whose last sync failed, as {@code syncer: message}} */
    public Optional<String> lastError() {
        return loop.flatMap(SyncLoop::lastError);
    }

    /** {@return how many syncs have completed, failed ones included} */
    public long passes() {
        return loop.map(SyncLoop::passes).orElse(0L);
    }

    /** {@return this node's pods' namespaces and addresses, as wired} */
    public Map<Netns, Ipv4> pods() {
        return pods.map(PodSync::pods).orElse(Map.of());
    }

    /** {@return the lease this node holds} */
    public Lease lease() {
        return flannel.leases().self();
    }

    @Override
    public synchronized void close() {
        watches.forEach(Watch::close);
        if (loop.isPresent()) {
            // Closes every syncer: the pods' servers and the runtime, the proxy's health check servers.
            loop.get().close();
        } else {
            runtime.close();
        }
    }
}
