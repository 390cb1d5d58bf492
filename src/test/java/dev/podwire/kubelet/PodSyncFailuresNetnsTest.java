package dev.podwire.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.cni.CniCache;
import dev.podwire.cni.CniReconciler;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.host.Command;
import dev.podwire.host.FakeExecutor;
import dev.podwire.host.Executor;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.host.Result;
import dev.podwire.lab.LabNames;
import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.LabSpec;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import dev.podwire.runtime.InProcessRuntime;
import dev.podwire.testing.TestNetns;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.podwire.agent.NodeContext;
import dev.podwire.ipam.HostLocalIpam;

/**
 * PodSync when something fails part-way: an adoption whose start of one pod failed is run again without starting the
 * kept pods' special images twice (or deleting them), and a pod's CNI cache entry exists before its namespace does.
 * Needs root (node files under /run/podwire, /etc/netns, and real namespaces in the first test).
 */
@Tag("netns")
class PodSyncFailuresNetnsTest {
    private static final Cidr SUBNET = Cidr.parse("10.244.1.0/24");
    private static final int MTU = 1500;

    /** Special images that hold a "port" per pod namespace: a second start in the same namespace fails as bind would. */
    private static final class PortHoldingImages implements SpecialImages {
        final Map<Netns, Integer> open = new ConcurrentHashMap<>();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicBoolean failB = new AtomicBoolean();

        @Override
        public Optional<AutoCloseable> start(Netns podNetns, Pod pod, io.fabric8.kubernetes.api.model.Container c) {
            if (pod.getMetadata().getName().equals("b") && failB.getAndSet(false)) {
                throw new IllegalStateException("b cannot start this time");
            }
            if (open.putIfAbsent(podNetns, 1) != null) {
                throw new IllegalStateException("bind " + podNetns + ":53: address already in use");
            }
            starts.incrementAndGet();
            return Optional.of(() -> open.remove(podNetns));
        }
    }

    @Test
    void adoptionRetriedAfterAFailedStartKeepsTheKeptPodsServersAndNamespaces(@TempDir Path tmp) throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root for ip netns");
        LabNames names = new LabNames("fxretry");
        Netns node = names.machine("n1");
        ProcessExecutor exec = new ProcessExecutor();
        PortHoldingImages images = new PortHoldingImages();
        ClusterStore cluster = cluster();
        dev.podwire.datastore.FakeClock clock = dev.podwire.datastore.FakeClock.standard();
        NodeContext ctx = new NodeContext(lab(tmp, "fxretry"), lab(tmp, "fxretry").nodes().getFirst(), names,
                cluster, exec, clock, new SplittableRandom(2), p -> { }, images);
        try {
            exec.run(Command.of(Netns.HOST, "ip", "netns", "add", node.name())).orThrow();
            new CniReconciler(exec).ensureBridge(node, SUBNET, MTU);
            PodSync first = new PodSync(ctx.kubelet(), new CniReconciler(exec), new HostLocalIpam(ctx.root(), SUBNET),
                    new InProcessRuntime(tmp.resolve("rt")));
            assertEquals(2, first.sync(cluster.list(ResourceType.POD), SUBNET, MTU));
            Ipv4 a = first.pods().get(names.pod("default", "a"));

            // The agent dies (its servers with it); the next one adopts both pods, but b fails to start once.
            images.open.clear();
            images.failB.set(true);
            PodSync second = new PodSync(ctx.kubelet(), new CniReconciler(exec), new HostLocalIpam(ctx.root(), SUBNET),
                    new InProcessRuntime(tmp.resolve("rt")));
            second.sync(cluster.list(ResourceType.POD), SUBNET, MTU);
            // b's failure is b's: it waits in RunContainerError with kubelet's back-off, a runs.
            var b = cluster.get(ResourceType.POD, "default", "b").orElseThrow();
            assertEquals("RunContainerError", b.getStatus().getContainerStatuses().getFirst().getState().getWaiting()
                    .getReason());
            assertEquals("b cannot start this time", b.getStatus().getContainerStatuses().getFirst().getState()
                    .getWaiting().getMessage());
            assertEquals("False", b.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                    .findFirst().orElseThrow().getStatus());
            int startsBefore = images.starts.get();
            second.sync(cluster.list(ResourceType.POD), SUBNET, MTU);

            assertEquals(startsBefore + 1, images.starts.get(), "only b starts again, a's server is not started twice");
            assertEquals(2, images.open.size());
            assertEquals(a, second.pods().get(names.pod("default", "a")), "a keeps its address");
            String netns = exec.run(Command.of(Netns.HOST, "ip", "netns", "list")).orThrow().stdout();
            assertTrue(netns.contains(names.pod("default", "a").name()), "a's namespace was deleted: " + netns);
            assertTrue(netns.contains(names.pod("default", "b").name()), netns);
        } finally {
            for (String n : List.of(names.pod("default", "a").name(), names.pod("default", "b").name(),
                    node.name())) {
                exec.run(Command.of(Netns.HOST, "ip", "netns", "del", n));
                deleteTree(Path.of("/etc/netns", n));
            }
            deleteTree(Path.of(names.stateDir()));
        }
    }

    @Test
    void podsCacheEntryIsWrittenBeforeItsNamespaceAndRemovedWhenWiringFails(@TempDir Path tmp) throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root to write the node's files under /run/podwire");
        LabNames names = new LabNames("fxcache");
        List<Integer> cachedAtNetnsAdd = new ArrayList<>();
        NodeContext[] ctx = new NodeContext[1];
        Executor fake = new FakeExecutor().respond(c -> {
            if (c.stdin().contains("netns add")) {
                cachedAtNetnsAdd.add(new CniCache(ctx[0].root()).all().size());
                return Optional.of(new Result(c, 1, "", "netns add: no space left on device"));
            }
            return Optional.empty();
        });
        ClusterStore cluster = cluster();
        ctx[0] = new NodeContext(lab(tmp, "fxcache"), lab(tmp, "fxcache").nodes().getFirst(), names, cluster, fake,
                Clock.systemUTC(), new SplittableRandom(2), p -> { }, SpecialImages.NONE);
        try {
            List<String> events = new ArrayList<>();
            PodSync sync = new PodSync(ctx[0].kubelet(), new CniReconciler(fake), new HostLocalIpam(ctx[0].root(), SUBNET),
                    new InProcessRuntime(tmp.resolve("rt")), (pod, type, reason, message) -> events.add(
                            pod.getMetadata().getName() + " " + type + " " + reason + ": " + message));
            // A sandbox that cannot be made is that pod's failure, reported as kubelet does, not the node's.
            assertEquals(0, sync.sync(cluster.list(ResourceType.POD), SUBNET, MTU));
            assertEquals(2, cachedAtNetnsAdd.getFirst(), "both pods' cache entries exist when their namespaces are made");
            assertEquals(List.of(2, 2, 1), cachedAtNetnsAdd, "then each pod on its own, its entry still there");
            assertEquals(2, events.size(), events.toString());
            assertTrue(events.stream().allMatch(e -> e.contains("Warning FailedCreatePodSandBox: Failed to create pod"
                    + " sandbox") && e.contains("netns add: no space left on device")), events.toString());
            for (var p : cluster.list(ResourceType.POD)) {
                assertEquals("Pending", p.getStatus().getPhase());
                assertEquals("ContainerCreating", p.getStatus().getContainerStatuses().getFirst().getState()
                        .getWaiting().getReason());
            }
            assertEquals(List.of(), new CniCache(ctx[0].root()).all(), "a failed wiring leaves no cache entry");
            assertEquals(Map.of(), new HostLocalIpam(ctx[0].root(), SUBNET).reservations());
        } finally {
            deleteTree(Path.of(names.stateDir()));
        }
    }

    private static ClusterStore cluster() {
        ClusterStore cluster = new ClusterStore(new InMemoryDatastore(Clock.systemUTC()), Clock.systemUTC(),
                new SplittableRandom(1));
        cluster.apply(pod("a"));
        cluster.apply(pod("b"));
        return cluster;
    }

    private static LabSpec lab(Path tmp, String name) throws Exception {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, """
                apiVersion: podwire.dev/v1alpha1
                kind: Lab
                metadata: {name: %s}
                spec:
                  underlay:
                    segments: [{name: lan, subnet: 192.168.78.0/24}]
                  nodes: [{name: n1, segment: lan, address: 192.168.78.11, interface: eth0}]
                  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: host-gw}}
                  serviceCIDR: 10.96.0.0/12
                  kubeProxy: {mode: iptables, clusterCIDR: 10.244.0.0/16}
                  dns: {clusterDomain: cluster.local, clusterIP: 10.96.0.10}
                """.formatted(name));
        return LabFiles.load(List.of(file)).lab();
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("n1").addNewContainer().withName("dns").withImage("coredns")
                .endContainer().endSpec().build();
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
