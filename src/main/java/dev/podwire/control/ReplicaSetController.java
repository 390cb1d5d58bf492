package dev.podwire.control;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.Names;
import dev.podwire.cluster.ResourceType;
import dev.podwire.cluster.WriteResult;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Keeps {@code spec.replicas} pods that are not being deleted for each ReplicaSet. New pods are named
 * {@code <replicaset>-<5 random characters>}; surplus pods are deleted in the order Kubernetes prefers
 * (unscheduled, then not running, then not ready, then newest first). Pods whose ReplicaSet is gone are deleted.
 */
final class ReplicaSetController {
    private static final int NAME_ATTEMPTS = 10;
    /**
     * kube-controller-manager's {@code burstReplicas}: at most this many pods are created or deleted for one
     * ReplicaSet per sync, so that {@code scale --replicas 100000} turns into steady work instead of one pass that
     * holds the control plane for minutes.
     */
    static final int BURST_REPLICAS = 500;

    /** Deletion preference: lower sorts first and is deleted first (after k8s {@code ActivePodsWithRanks}). */
    private static final Comparator<Pod> DELETE_FIRST = Comparator
            .comparing((Pod p) -> p.getSpec().getNodeName() != null)
            .thenComparing(p -> "Running".equals(phase(p)))
            .thenComparing(ReplicaSetController::ready)
            .thenComparing((Pod p) -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder())
            .thenComparing((Pod p) -> p.getMetadata().getName(), Comparator.reverseOrder());

    private final ClusterStore store;
    private final RandomGenerator random;

    ReplicaSetController(ClusterStore store, RandomGenerator random) {
        this.store = store;
        this.random = random;
    }

    void reconcile() {
        List<ReplicaSet> replicaSets = store.list(ResourceType.REPLICA_SET);
        List<Pod> pods = store.list(ResourceType.POD);
        for (ReplicaSet rs : replicaSets) {
            if (!Owners.deleting(rs)) {
                sync(rs, pods.stream().filter(p -> Owners.controls(rs, p)).toList());
            }
        }
        Set<String> uids = replicaSets.stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
        for (Pod pod : pods) {
            boolean orphaned = Owners.controllerOf(pod)
                    .filter(ref -> ref.getKind().equals("ReplicaSet") && !uids.contains(ref.getUid()))
                    .isPresent();
            if (orphaned && !Owners.deleting(pod)) {
                store.requestPodDeletion(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
            }
        }
    }

    private void sync(ReplicaSet rs, List<Pod> owned) {
        List<Pod> active = owned.stream().filter(p -> !Owners.deleting(p)).toList();
        int desired = Optional.ofNullable(rs.getSpec().getReplicas()).orElse(1);
        for (int i = active.size(); i < Math.min(desired, active.size() + BURST_REPLICAS); i++) {
            createPod(rs);
        }
        if (active.size() > desired) {
            active.stream().sorted(DELETE_FIRST).limit(Math.min(BURST_REPLICAS, active.size() - desired)).forEach(p ->
                    store.requestPodDeletion(p.getMetadata().getNamespace(), p.getMetadata().getName()));
        }
        int ready = (int) active.stream().filter(ReplicaSetController::ready).count();
        ReplicaSetStatus status = new ReplicaSetStatusBuilder()
                .withObservedGeneration(rs.getMetadata().getGeneration())
                .withReplicas(active.size())
                .withFullyLabeledReplicas(nullIfZero(active.size()))
                .withReadyReplicas(nullIfZero(ready))
                .withAvailableReplicas(nullIfZero(ready))
                .build();
        store.modify(ResourceType.REPLICA_SET, rs.getMetadata().getNamespace(), rs.getMetadata().getName(), fresh -> {
            fresh.setStatus(status);
            return fresh;
        });
    }

    private void createPod(ReplicaSet rs) {
        ObjectMeta template = Optional.ofNullable(rs.getSpec().getTemplate().getMetadata()).orElseGet(ObjectMeta::new);
        for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
            Pod pod = new PodBuilder().withNewMetadata()
                    .withName(rs.getMetadata().getName() + "-" + Names.random(random, 5))
                    .withNamespace(rs.getMetadata().getNamespace())
                    .withLabels(template.getLabels()).withAnnotations(template.getAnnotations())
                    .withOwnerReferences(Owners.controllerRef(rs)).endMetadata()
                    .withSpec(rs.getSpec().getTemplate().getSpec())
                    .build();
            // A name clash (1 in 14 million) just draws again, as the apiserver's generateName retry does.
            if (!(store.create(pod) instanceof WriteResult.AlreadyExists<Pod>)) {
                return;
            }
        }
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? "" : Optional.ofNullable(pod.getStatus().getPhase()).orElse("");
    }

    private static Integer nullIfZero(int value) {
        return value == 0 ? null : value;
    }
}
