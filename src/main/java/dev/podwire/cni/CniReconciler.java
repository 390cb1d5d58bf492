package dev.podwire.cni;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.Result;
import dev.podwire.host.ip.IpReader;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Netns;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Applies pod wiring to the kernel: namespaces for new pods in one {@code ip -batch} (host, {@code netns add} only),
 * every new pod's veth in one batch in the node, then each pod's own batch; pods' batches run a few at a time.
 */
public final class CniReconciler {
    private static final int PARALLEL = 4;
    private final Executor executor;

    /** Creates a reconciler applying through {@code executor}. */
    public CniReconciler(Executor executor) {
        this.executor = executor;
    }

    /** Creates {@code cni0} in a node unless it is there already. */
    public void ensureBridge(Netns node, Cidr subnet, int mtu) {
        Result probe = executor.run(Command.of(node, "ip", "-o", "link", "show", "dev", CniRenderer.BRIDGE));
        if (!probe.ok()) {
            executor.run(Command.ipBatch(node, CniRenderer.bridge(subnet, mtu))).orThrow();
        }
    }

    /** Creates and wires new pods' namespaces. Pods on different nodes may be mixed. */
    public void add(Collection<PodWiring> pods) {
        if (pods.isEmpty()) {
            return;
        }
        StringBuilder netns = new StringBuilder();
        pods.stream().sorted().forEach(p -> netns.append("netns add ").append(p.pod().name()).append('\n'));
        executor.run(Command.ipBatch(Netns.HOST, netns.toString())).orThrow();
        pods.stream().map(PodWiring::node).distinct().sorted().forEach(node -> executor.run(Command.ipBatch(node,
                CniRenderer.nodeSide(pods.stream().filter(p -> p.node().equals(node)).toList()))).orThrow());
        // Each pod's script is its own process; a few at once keeps bring-up fast on two cores.
        Semaphore slots = new Semaphore(PARALLEL);
        List<Future<Result>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PodWiring p : pods.stream().sorted().toList()) {
                results.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        return executor.run(Command.ipBatch(p.pod(), CniRenderer.podSide(p)));
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        for (Future<Result> f : results) {
            f.resultNow().orThrow();
        }
    }

    /**
     * {@return what the kernel holds for a node's pods}: every namespace, the node's veths, and {@code eth0} and
     * routes of each of {@code pods} that exists (two reads each; only adoption after a restart needs this)
     */
    public ObservedNode observe(Netns node, Collection<Netns> pods) {
        Set<Netns> all = IpObservations.namespaces(
                executor.run(Command.of(Netns.HOST, "ip", "netns", "list")).orThrow().stdout());
        IpReader ip = new IpReader(executor);
        var veths = IpObservations.veths(ip.links(node, "veth"));
        Map<Netns, ObservedNode.Pod> seen = new TreeMap<>();
        for (Netns p : new TreeSet<>(pods)) {
            if (!all.contains(p)) {
                continue;
            }
            seen.put(p, IpObservations.pod(ip.link(p, IpObservations.ETH0), ip.routes(p)));
        }
        return new ObservedNode(all, veths, seen);
    }

    /** {@return the node's veths, by name: one {@code ip -j link show type veth}, the cheap check for drift} */
    public Map<IfName, ObservedNode.Veth> veths(Netns node) {
        return IpObservations.veths(new IpReader(executor).links(node, "veth"));
    }

    /** Applies adoption repairs: one batch in the node (veth pairs, bridge ports), then each pod's own batch. */
    public void repair(Netns node, Collection<PodDecision.Repair> repairs) {
        String nodeSide = CniRenderer.repairNodeSide(repairs);
        if (!nodeSide.isEmpty()) {
            executor.run(Command.ipBatch(node, nodeSide)).orThrow();
        }
        for (PodDecision.Repair r : repairs.stream().sorted(java.util.Comparator.comparing(PodDecision.Repair::wiring))
                .toList()) {
            String podSide = CniRenderer.repairPodSide(r);
            if (!podSide.isEmpty()) {
                executor.run(Command.ipBatch(r.wiring().pod(), podSide)).orThrow();
            }
        }
    }

    /** Removes a pod's namespace, which takes its {@code eth0} and the node-side veth with it. */
    public void remove(Netns pod) {
        Result r = executor.run(Command.ipBatch(Netns.HOST, "netns del " + pod.name() + "\n"));
        if (!r.ok() && !r.stderr().contains("No such file")) {
            r.orThrow();
        }
    }
}
