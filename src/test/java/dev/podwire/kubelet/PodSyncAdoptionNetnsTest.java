package dev.podwire.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.cni.CniReconciler;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.host.Result;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.ProcessRef;
import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.LabSpec;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import dev.podwire.runtime.RunningContainer;
import dev.podwire.runtime.RuntimeClient;
import dev.podwire.runtime.RuntimePaths;
import dev.podwire.runtime.RuntimeProcess;
import dev.podwire.testing.TestNetns;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.podwire.agent.NodeContext;
import dev.podwire.ipam.HostLocalIpam;

/**
 * A node's pods wired by one PodSync over a real {@code podwire runtime} process, then adopted by fresh PodSyncs as a
 * restarted agent would: intact pods untouched (a TCP connection opened before survives), broken parts repaired,
 * pods gone from the store torn down. Lab {@code rtadopt}, one node. Needs root.
 */
@Tag("netns")
class PodSyncAdoptionNetnsTest {
    private static final Cidr SUBNET = Cidr.parse("10.244.1.0/24");
    private static final int MTU = 1500;
    private final LabNames names = new LabNames("rtadopt");
    private final Netns node = names.machine("n1");

    /** Runs commands for real and remembers them, so a test can say which ones an adoption ran. */
    private static final class Recording implements Executor {
        final List<Command> commands = new CopyOnWriteArrayList<>();
        private final ProcessExecutor real = new ProcessExecutor();

        @Override
        public Result run(Command c) {
            commands.add(c);
            return real.run(c);
        }

        List<String> writes() {
            return commands.stream().map(Command::display).filter(d -> d.contains("-batch") || d.contains("netns add")
                    || d.contains("netns del") || d.contains(" set ") || d.contains(" add ")).toList();
        }
    }

    @Test
    void restartedAgentAdoptsIntactPodsRepairsBrokenOnesAndRemovesGoneOnes(@TempDir Path tmp) throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root for ip netns");
        Files.writeString(tmp.resolve("lab.yaml"), """
                apiVersion: podwire.dev/v1alpha1
                kind: Lab
                metadata: {name: rtadopt}
                spec:
                  underlay:
                    segments: [{name: lan, subnet: 192.168.77.0/24}]
                  nodes: [{name: n1, segment: lan, address: 192.168.77.11, interface: eth0}]
                  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: host-gw}}
                  serviceCIDR: 10.96.0.0/12
                  kubeProxy: {mode: iptables, clusterCIDR: 10.244.0.0/16}
                  dns: {clusterDomain: cluster.local, clusterIP: 10.96.0.10}
                """);
        LabSpec lab = LabFiles.load(List.of(tmp.resolve("lab.yaml"))).lab();
        Recording exec = new Recording();
        ClusterStore cluster = new ClusterStore(new InMemoryDatastore(Clock.systemUTC()), Clock.systemUTC(),
                new SplittableRandom(1));
        cluster.apply(pod("web", List.of()));
        cluster.apply(pod("job", List.of("sleep", "300")));
        List<ProcessRef> recorded = new CopyOnWriteArrayList<>();
        NodeContext ctx = new NodeContext(lab, lab.nodes().getFirst(), names, cluster, exec, Clock.systemUTC(),
                new SplittableRandom(2), recorded::add, SpecialImages.NONE);
        RuntimePaths paths = RuntimePaths.of(names, "n1");
        List<ProcessRef> toEnd = new ArrayList<>();
        Process held = null;
        try {
            exec.run(Command.of(Netns.HOST, "ip", "netns", "add", node.name())).orThrow();
            new CniReconciler(exec).ensureBridge(node, SUBNET, MTU);
            RuntimeClient rt = RuntimeProcess.connectOrStart(paths, node, "n1");
            toEnd.add(rt.info().process());
            PodSync first = new PodSync(ctx.kubelet(), new CniReconciler(exec), new HostLocalIpam(ctx.root(), SUBNET), rt);
            assertEquals(2, first.sync(pods(cluster), SUBNET, MTU));
            toEnd.addAll(recorded);
            assertEquals(1, recorded.size(), "the command container's process is recorded for down");
            Ipv4 web = first.pods().get(names.pod("default", "web"));
            assertEquals("web", curl(web));
            // A client connection opened before the restart, used again after it.
            held = new ProcessBuilder("ip", "netns", "exec", node.name(), "bash", "-c", "exec 3<>/dev/tcp/" + web
                    + "/80; for i in 1 2; do printf 'GET /hostname HTTP/1.1\\r\\nHost: w\\r\\n\\r\\n' >&3; sleep 3; "
                    + "done; timeout 2 cat <&3").redirectErrorStream(true).start();
            List<RunningContainer> before = rt.list();

            // The agent is "killed": its PodSync is dropped without closing. The next one adopts everything.
            exec.commands.clear();
            RuntimeClient rt2 = RuntimeProcess.connectOrStart(paths, node, "n1");
            assertEquals(rt.info().process(), rt2.info().process());
            PodSync second = new PodSync(ctx.kubelet(), new CniReconciler(exec), new HostLocalIpam(ctx.root(), SUBNET), rt2);
            assertEquals(0, second.sync(pods(cluster), SUBNET, MTU));
            assertEquals(List.of(), exec.writes(), "adoption of intact pods only reads");
            assertEquals(before, rt2.list());
            assertEquals(1, recorded.size(), "an adopted process is not recorded twice");
            assertEquals(web, second.pods().get(names.pod("default", "web")));
            assertTrue(held.waitFor(15, TimeUnit.SECONDS));
            String both = new String(held.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(2, both.split("HTTP/1.1 200", -1).length - 1, both);

            // Broken while no agent ran: the pod's default route is gone and its veth left cni0.
            Netns webNs = names.pod("default", "web");
            exec.run(Command.of(webNs, "ip", "route", "del", "default")).orThrow();
            exec.run(Command.of(node, "ip", "link", "set", names.podVeth("default", "web").toString(), "nomaster"))
                    .orThrow();
            assertFalse(exec.run(new Command(node, List.of("curl", "-s", "--max-time", "2", "http://" + web
                    + "/hostname"), "")).ok());
            exec.commands.clear();
            PodSync third = new PodSync(ctx.kubelet(), new CniReconciler(exec), new HostLocalIpam(ctx.root(), SUBNET), rt2);
            assertEquals(1, third.sync(pods(cluster), SUBNET, MTU));
            assertEquals(2, exec.writes().size(), exec.writes().toString());
            assertEquals("web", curl(web));

            // Worse: web's eth0 is down with a foreign address, job's veth pair is gone (its namespace stays).
            Netns jobNs = names.pod("default", "job");
            exec.run(Command.ipBatch(webNs, "addr flush dev eth0\naddr add 10.244.1.200/24 dev eth0\n"
                    + "link set dev eth0 down\n")).orThrow();
            exec.run(Command.of(node, "ip", "link", "del", names.podVeth("default", "job").toString())).orThrow();
            PodSync fifth = new PodSync(ctx.kubelet(), new CniReconciler(exec), new HostLocalIpam(ctx.root(), SUBNET), rt2);
            assertEquals(2, fifth.sync(pods(cluster), SUBNET, MTU));
            assertEquals("web", curl(web));
            Ipv4 job = fifth.pods().get(jobNs);
            assertTrue(new ProcessExecutor().run(Command.of(node, "ping", "-c1", "-W2", job.toString())).ok());
            assertEquals(before, rt2.list(), "repairs keep every container running");

            // Deleted while no agent ran: the next agent tears the pod down, the other stays.
            cluster.delete(ResourceType.POD, "default", "web");
            cluster.finalizePodDeletion("default", "web");
            PodSync fourth = new PodSync(ctx.kubelet(), new CniReconciler(exec), new HostLocalIpam(ctx.root(), SUBNET), rt2);
            assertEquals(1, fourth.sync(pods(cluster), SUBNET, MTU));
            assertFalse(exec.run(Command.of(Netns.HOST, "ip", "netns", "list")).stdout().contains(webNs.name()));
            assertEquals(List.of("default_job"), rt2.list().stream().map(c -> c.spec().podNamespace() + "_"
                    + c.spec().podName()).toList());
            assertFalse(Files.exists(ctx.root().resolve("var/lib/cni/networks/cbr0/" + web)));
            assertEquals(1, new dev.podwire.cni.CniCache(ctx.root()).all().size());
        } finally {
            if (held != null) {
                held.destroyForcibly();
            }
            toEnd.forEach(p -> p.live().ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            }));
            for (String n : List.of(names.pod("default", "web").name(), names.pod("default", "job").name(),
                    node.name())) {
                exec.run(Command.of(Netns.HOST, "ip", "netns", "del", n));
                deleteTree(Path.of("/etc/netns", n));
            }
            deleteTree(Path.of(names.stateDir()));
        }
    }

    private static Pod pod(String name, List<String> command) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("n1").addNewContainer().withName(name).withImage("nginx:1.14.2")
                .withCommand(command).addNewPort().withContainerPort(80).endPort().endContainer().endSpec().build();
    }

    private static List<Pod> pods(ClusterStore cluster) {
        return cluster.list(ResourceType.POD);
    }

    private String curl(Ipv4 ip) {
        return new ProcessExecutor().run(new Command(node, List.of("curl", "-s", "--max-time", "3", "http://" + ip
                + "/hostname"), "")).orThrow().stdout();
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
