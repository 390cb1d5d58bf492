package dev.podwire.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.cluster.Names;
import dev.podwire.cluster.ResourceType;
import dev.podwire.cluster.TableStyle;
import dev.podwire.cluster.Tables;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerAndNodesTest {
    private final LabCluster lab = new LabCluster();

    private void createPod(String name) {
        lab.store.create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).orThrow();
    }

    private String nodeOf(String pod) {
        return lab.store.get(ResourceType.POD, "default", pod).orElseThrow().getSpec().getNodeName();
    }

    @Test
    void notReadyAndCordonedNodesGetNoPods() {
        new NodeLifecycle(lab.store).setReady("hostgw-master", false).orThrow();
        createPod("a");
        createPod("b");
        lab.controlPlane.syncOnce();
        assertEquals("hostgw-node", nodeOf("a"));
        assertEquals("hostgw-node", nodeOf("b"));
        lab.store.modify(ResourceType.NODE, "", "hostgw-node", n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        }).orThrow();
        createPod("c");
        lab.controlPlane.syncOnce();
        assertNull(nodeOf("c"), "no feasible node: stays Pending");
        assertTrue(Tables.render(ResourceType.NODE, lab.store.list(ResourceType.NODE), TableStyle.NORMAL,
                lab.clock.instant())
                .contains("Ready,SchedulingDisabled"));
    }

    @Test
    void podsBeyondEveryNodesCapacityStayPendingWithTheSchedulersReason() {
        // /29 pod CIDRs: host-local hands out 5 addresses (not the network, the gateway .1 or the broadcast).
        for (String[] n : new String[][] {{"hostgw-master", "192.168.31.201", "10.244.0.0/29"},
                {"hostgw-node", "192.168.31.202", "10.244.0.8/29"}}) {
            new NodeLifecycle(lab.store).register(NodeRegistration.of(n[0], Ipv4.parse(n[1]),
                    List.of(Cidr.parse(n[2])), false, "6.8.0")).orThrow();
        }
        assertEquals("5", lab.store.get(ResourceType.NODE, "", "hostgw-node").orElseThrow().getStatus()
                .getAllocatable().get("pods").getAmount());
        for (int i = 0; i < 12; i++) {
            createPod("p" + (i < 10 ? "0" : "") + i);
        }
        lab.controlPlane.syncOnce();
        List<String> bound = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "p" + (i < 10 ? "0" : "") + i)
                .filter(p -> nodeOf(p) != null).toList();
        assertEquals(10, bound.size(), "two nodes of 5: " + bound);
        var pending = lab.store.get(ResourceType.POD, "default", "p11").orElseThrow();
        assertNull(pending.getSpec().getNodeName());
        assertEquals("Pending", pending.getStatus().getPhase());
        var scheduled = pending.getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled"))
                .findFirst().orElseThrow();
        assertEquals("False", scheduled.getStatus());
        assertEquals("Unschedulable", scheduled.getReason());
        assertEquals("0/2 nodes are available: 2 Too many pods. preemption: 0/2 nodes are available: 2 No preemption"
                + " victims found for incoming pod.", scheduled.getMessage());

        // One pod goes: the oldest Pending pod takes its place.
        lab.store.delete(ResourceType.POD, "default", "p00");
        lab.controlPlane.syncOnce();
        assertTrue(nodeOf("p10") != null, "p10 bound once a place was free");
        assertNull(nodeOf("p11"));
    }

    @Test
    void theSchedulersMessageCountsEachReasonLikeKubeScheduler() {
        assertEquals("0/3 nodes are available: 1 node(s) had untolerated taint"
                + " {node-role.kubernetes.io/control-plane: }, 2 Too many pods. preemption: 0/3 nodes are available: 1"
                + " Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
                Scheduler.message(3, new java.util.TreeMap<>(Map.of("Too many pods", 2,
                        "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }", 1))));
    }

    @Test
    void untoleratedNoScheduleTaintKeepsPodsAway() {
        lab.store.modify(ResourceType.NODE, "", "hostgw-master", n -> {
            n.getSpec().setTaints(List.of(new TaintBuilder().withKey("node-role.kubernetes.io/control-plane")
                    .withEffect("NoSchedule").build()));
            return n;
        }).orThrow();
        createPod("a");
        createPod("b");
        lab.store.create(new PodBuilder().withNewMetadata().withName("tolerant").endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("busybox").endContainer()
                .withTolerations(new TolerationBuilder().withKey("node-role.kubernetes.io/control-plane")
                        .withOperator("Exists").withEffect("NoSchedule").build())
                .endSpec().build()).orThrow();
        lab.controlPlane.syncOnce();
        assertEquals("hostgw-node", nodeOf("a"));
        assertEquals("hostgw-node", nodeOf("b"));
        assertEquals("hostgw-master", nodeOf("tolerant"));
    }

    @Test
    void registeredNodesRenderLikeKubectlGetNodesWide() {
        lab.clock.advance(Duration.ofHours(15));
        String table = Tables.render(ResourceType.NODE, lab.store.list(ResourceType.NODE), TableStyle.WIDE,
                lab.clock.instant());
        assertEquals("""
                NAME            STATUS   ROLES           AGE   VERSION   INTERNAL-IP      EXTERNAL-IP   OS-IMAGE           KERNEL-VERSION     CONTAINER-RUNTIME
                hostgw-master   Ready    control-plane   15h   v1.33.0   192.168.31.201   <none>        podwire lab node   6.8.0-45-generic   podwire://0.1.0
                hostgw-node     Ready    <none>          15h   v1.33.0   192.168.31.202   <none>        podwire lab node   6.8.0-45-generic   podwire://0.1.0
                """, table);
        var master = lab.store.get(ResourceType.NODE, "", "hostgw-master").orElseThrow();
        assertEquals("10.244.0.0/24", master.getSpec().getPodCIDR());
        assertEquals(Map.of("kubernetes.io/arch", "amd64", "kubernetes.io/hostname", "hostgw-master",
                "kubernetes.io/os", "linux", "node-role.kubernetes.io/control-plane", ""),
                master.getMetadata().getLabels());
    }

    @Test
    void reRegisteringKeepsUidAndAge() {
        var before = lab.store.get(ResourceType.NODE, "", "hostgw-node").orElseThrow();
        lab.clock.advance(Duration.ofMinutes(5));
        var after = new NodeLifecycle(lab.store).register(NodeRegistration.of("hostgw-node",
                Ipv4.parse("192.168.31.202"), List.of(Cidr.parse("10.244.1.0/24")), false, "6.9.0")).orThrow();
        assertEquals(before.getMetadata().getUid(), after.getMetadata().getUid());
        assertEquals(before.getMetadata().getCreationTimestamp(), after.getMetadata().getCreationTimestamp());
        assertEquals("6.9.0", after.getStatus().getNodeInfo().getKernelVersion());
        assertEquals(before.getStatus().getConditions().getFirst().getLastTransitionTime(),
                after.getStatus().getConditions().getFirst().getLastTransitionTime());
    }

    @Test
    void fnv32aMatchesReferenceVectors() {
        assertEquals(0x811c9dc5, PodTemplateHash.fnv32a(new byte[0]));
        assertEquals(0xe40c292c, PodTemplateHash.fnv32a("a".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0xbf9cf968, PodTemplateHash.fnv32a("foobar".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void safeEncodeMapsDigitsLikeKubernetes() {
        // Digits map to 4 5 6 7 8 9 b c d f, which is why real hashes look like 574b87c764.
        assertEquals("456789bcdf", Names.safeEncode("0123456789"));
    }

    @Test
    void templateHashIgnoresMapInsertionOrder() {
        var a = LabCluster.nginx(1, "nginx").getSpec().getTemplate();
        var b = LabCluster.nginx(1, "nginx").getSpec().getTemplate();
        a.getMetadata().setLabels(new java.util.LinkedHashMap<>(Map.of("app", "nginx")));
        a.getMetadata().getLabels().put("tier", "web");
        var labels = new java.util.LinkedHashMap<String, String>();
        labels.put("tier", "web");
        labels.put("app", "nginx");
        b.getMetadata().setLabels(labels);
        assertEquals(PodTemplateHash.of(a), PodTemplateHash.of(b));
        assertTrue(PodTemplateHash.of(a).matches("[456789bcdf]{1,10}"));
    }
}
