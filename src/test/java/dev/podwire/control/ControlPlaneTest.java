package dev.podwire.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.cluster.Names;
import dev.podwire.cluster.ResourceType;
import dev.podwire.cluster.TableStyle;
import dev.podwire.cluster.Tables;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlPlaneTest {
    private static final String HASH = "[" + Names.ALPHABET + "]{1,10}";
    private final LabCluster lab = new LabCluster();

    private void converge() {
        lab.controlPlane.syncOnce();
        lab.runAgents();
        lab.controlPlane.syncOnce();
    }

    @Test
    void deploymentOfThreeOnTwoNodesMakesNamedPodsSpreadTwoPlusOne() {
        lab.store.create(LabCluster.nginx(3, "nginx:1.14.2")).orThrow();
        lab.controlPlane.syncOnce();
        List<ReplicaSet> replicaSets = lab.store.list(ResourceType.REPLICA_SET);
        assertEquals(1, replicaSets.size());
        ReplicaSet rs = replicaSets.getFirst();
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertTrue(hash.matches(HASH), hash);
        assertEquals("nginx-deployment-" + hash, rs.getMetadata().getName());
        assertEquals(Map.of("app", "nginx", "pod-template-hash", hash), rs.getSpec().getSelector().getMatchLabels());
        List<Pod> pods = lab.activePods();
        assertEquals(3, pods.size());
        for (Pod pod : pods) {
            assertTrue(pod.getMetadata().getName().matches("nginx-deployment-" + hash + "-[" + Names.ALPHABET + "]{5}"));
            assertEquals(hash, pod.getMetadata().getLabels().get("pod-template-hash"));
            assertEquals(rs.getMetadata().getUid(), pod.getMetadata().getOwnerReferences().getFirst().getUid());
        }
        assertEquals(Map.of("hostgw-master", 2, "hostgw-node", 1), lab.podsPerNode());

        lab.clock.advance(Duration.ofSeconds(5));
        lab.runAgents();
        lab.controlPlane.syncOnce();
        lab.clock.advance(Duration.ofSeconds(82));
        String table = Tables.render(ResourceType.DEPLOYMENT, lab.store.list(ResourceType.DEPLOYMENT),
                TableStyle.NORMAL, lab.clock.instant());
        assertEquals(List.of("NAME READY UP-TO-DATE AVAILABLE AGE", "nginx-deployment 3/3 3 3 87s"),
                table.lines().map(l -> l.replaceAll(" +", " ")).toList());
        assertEquals(1, lab.controlPlane.syncOnce(), "a converged cluster needs a single pass that writes nothing");
    }

    @Test
    void scalingUpAndDownCreatesAndGracefullyDeletesPods() {
        lab.store.create(LabCluster.nginx(3, "nginx:1.14.2")).orThrow();
        converge();
        lab.store.scale("default", "nginx-deployment", 5).orThrow();
        converge();
        assertEquals(5, lab.activePods().size());
        assertEquals(Map.of("hostgw-master", 3, "hostgw-node", 2), lab.podsPerNode());

        lab.clock.advance(Duration.ofSeconds(10));
        lab.store.scale("default", "nginx-deployment", 1).orThrow();
        lab.controlPlane.syncOnce();
        assertEquals(1, lab.activePods().size());
        long terminating = lab.store.list(ResourceType.POD).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() != null).count();
        assertEquals(4, terminating, "bound pods wait for their node agent");
        lab.runAgents();
        lab.controlPlane.syncOnce();
        assertEquals(1, lab.store.list(ResourceType.POD).size());
        var deployment = lab.store.get(ResourceType.DEPLOYMENT, "default", "nginx-deployment").orElseThrow();
        assertEquals(1, deployment.getStatus().getReadyReplicas());
        assertEquals(deployment.getMetadata().getGeneration(), deployment.getStatus().getObservedGeneration());
    }

    @Test
    void aHugeScaleIsCreatedInBurstsAndPodsBeyondCapacityStayPending() {
        lab.store.create(LabCluster.nginx(1200, "nginx:1.14.2")).orThrow();
        new DeploymentController(lab.store).reconcile();
        ReplicaSetController replicaSets = new ReplicaSetController(lab.store, new java.util.SplittableRandom(4));
        replicaSets.reconcile();
        assertEquals(ReplicaSetController.BURST_REPLICAS, lab.store.list(ResourceType.POD).size(),
                "one sync creates at most burstReplicas pods");
        replicaSets.reconcile();
        replicaSets.reconcile();
        assertEquals(1200, lab.store.list(ResourceType.POD).size());
        lab.controlPlane.syncOnce();
        long bound = lab.store.list(ResourceType.POD).stream().filter(p -> p.getSpec().getNodeName() != null).count();
        assertEquals(2 * 110, bound, "two nodes of maxPods 110; the rest Pending");
    }

    @Test
    void scaleDownDeletesNewestPodsFirst() {
        lab.store.create(LabCluster.nginx(2, "nginx:1.14.2")).orThrow();
        converge();
        List<String> oldest = lab.activePods().stream().map(p -> p.getMetadata().getName()).sorted().toList();
        lab.clock.advance(Duration.ofMinutes(1));
        lab.store.scale("default", "nginx-deployment", 4).orThrow();
        converge();
        lab.store.scale("default", "nginx-deployment", 2).orThrow();
        converge();
        assertEquals(oldest, lab.activePods().stream().map(p -> p.getMetadata().getName()).sorted().toList());
    }

    @Test
    void deletedPodIsReplaced() {
        lab.store.create(LabCluster.nginx(3, "nginx:1.14.2")).orThrow();
        converge();
        String victim = lab.activePods().getFirst().getMetadata().getName();
        lab.store.requestPodDeletion("default", victim);
        lab.controlPlane.syncOnce();
        assertEquals(3, lab.activePods().size());
        assertTrue(lab.activePods().stream().noneMatch(p -> p.getMetadata().getName().equals(victim)));
        lab.runAgents();
        assertEquals(3, lab.store.list(ResourceType.POD).size());
    }

    @Test
    void templateChangeRollsToANewReplicaSetAndScalesTheOldToZero() {
        lab.store.create(LabCluster.nginx(3, "nginx:1.14.2")).orThrow();
        converge();
        String oldRs = lab.store.list(ResourceType.REPLICA_SET).getFirst().getMetadata().getName();
        lab.store.apply(LabCluster.nginx(3, "nginx:1.16.1")).orThrow();
        converge();
        converge();
        List<ReplicaSet> replicaSets = lab.store.list(ResourceType.REPLICA_SET);
        assertEquals(2, replicaSets.size());
        ReplicaSet newRs = replicaSets.stream().filter(rs -> !rs.getMetadata().getName().equals(oldRs)).findFirst()
                .orElseThrow();
        assertNotEquals(oldRs, newRs.getMetadata().getName());
        assertEquals(0, lab.store.get(ResourceType.REPLICA_SET, "default", oldRs).orElseThrow().getSpec().getReplicas());
        assertEquals(3, newRs.getSpec().getReplicas());
        assertEquals(3, lab.store.list(ResourceType.POD).size());
        assertTrue(lab.store.list(ResourceType.POD).stream()
                .allMatch(p -> p.getMetadata().getName().startsWith(newRs.getMetadata().getName() + "-")
                        && p.getSpec().getContainers().getFirst().getImage().equals("nginx:1.16.1")));
        var status = lab.store.get(ResourceType.DEPLOYMENT, "default", "nginx-deployment").orElseThrow().getStatus();
        assertEquals(3, status.getUpdatedReplicas());
        assertEquals(3, status.getAvailableReplicas());
    }

    @Test
    void deletingTheDeploymentCollectsItsReplicaSetAndPods() {
        lab.store.create(LabCluster.nginx(2, "nginx:1.14.2")).orThrow();
        converge();
        lab.store.delete(ResourceType.DEPLOYMENT, "default", "nginx-deployment");
        converge();
        assertEquals(List.of(), lab.store.list(ResourceType.REPLICA_SET));
        assertEquals(List.of(), lab.store.list(ResourceType.POD));
    }

    @Test
    void sameSeedsGiveTheSamePodNames() {
        LabCluster other = new LabCluster();
        for (LabCluster cluster : List.of(lab, other)) {
            cluster.store.create(LabCluster.nginx(3, "nginx:1.14.2")).orThrow();
            cluster.controlPlane.syncOnce();
        }
        assertEquals(lab.activePods().stream().map(p -> p.getMetadata().getName()).toList(),
                other.activePods().stream().map(p -> p.getMetadata().getName()).toList());
    }

    @Test
    void runningThreadReactsToWatchEvents() throws InterruptedException {
        lab.controlPlane.start();
        try {
            lab.store.create(LabCluster.nginx(3, "nginx:1.14.2")).orThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline
                    && !(lab.activePods().size() == 3 && lab.activePods().stream().allMatch(p -> p.getSpec().getNodeName() != null))) {
                Thread.sleep(10);
            }
            assertEquals(Map.of("hostgw-master", 2, "hostgw-node", 1), lab.podsPerNode());
        } finally {
            lab.controlPlane.close();
        }
        lab.controlPlane.close();
    }
}
