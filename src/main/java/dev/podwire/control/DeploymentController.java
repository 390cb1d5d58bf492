package dev.podwire.control;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deployment → ReplicaSet {@code <deployment>-<pod-template-hash>}. The ReplicaSet of the current template gets all
 * replicas at once and older ones are scaled to zero (no gradual rolling update); status is summed from the
 * owned ReplicaSets. ReplicaSets whose Deployment is gone are deleted (garbage collection).
 */
final class DeploymentController {
    static final String HASH_LABEL = "pod-template-hash";

    private final ClusterStore store;

    DeploymentController(ClusterStore store) {
        this.store = store;
    }

    void reconcile() {
        List<Deployment> deployments = store.list(ResourceType.DEPLOYMENT);
        List<ReplicaSet> replicaSets = store.list(ResourceType.REPLICA_SET);
        for (Deployment d : deployments) {
            if (!Owners.deleting(d)) {
                sync(d, replicaSets.stream().filter(rs -> Owners.controls(d, rs)).toList());
            }
        }
        Set<String> uids = deployments.stream().map(d -> d.getMetadata().getUid()).collect(Collectors.toSet());
        for (ReplicaSet rs : replicaSets) {
            boolean orphaned = Owners.controllerOf(rs)
                    .filter(ref -> ref.getKind().equals("Deployment") && !uids.contains(ref.getUid()))
                    .isPresent();
            if (orphaned) {
                store.delete(ResourceType.REPLICA_SET, rs.getMetadata().getNamespace(), rs.getMetadata().getName());
            }
        }
    }

    private void sync(Deployment d, List<ReplicaSet> owned) {
        String namespace = d.getMetadata().getNamespace();
        String hash = PodTemplateHash.of(d.getSpec().getTemplate());
        String newName = d.getMetadata().getName() + "-" + hash;
        int desired = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
        Optional<ReplicaSet> current = owned.stream().filter(rs -> rs.getMetadata().getName().equals(newName)).findFirst();
        if (current.isEmpty()) {
            // AlreadyExists (a foreign ReplicaSet with our name) is left alone, like k8s before a hash collision bump.
            store.create(newReplicaSet(d, newName, hash, desired));
        } else if (!Integer.valueOf(desired).equals(current.get().getSpec().getReplicas())) {
            scale(namespace, newName, desired);
        }
        for (ReplicaSet old : owned) {
            if (!old.getMetadata().getName().equals(newName) && !Integer.valueOf(0).equals(old.getSpec().getReplicas())) {
                scale(namespace, old.getMetadata().getName(), 0);
            }
        }
        DeploymentStatus status = status(d, owned, current);
        store.modify(ResourceType.DEPLOYMENT, namespace, d.getMetadata().getName(), fresh -> {
            fresh.setStatus(status);
            return fresh;
        });
    }

    private void scale(String namespace, String name, int replicas) {
        store.modify(ResourceType.REPLICA_SET, namespace, name, rs -> {
            rs.getSpec().setReplicas(replicas);
            return rs;
        });
    }

    private static DeploymentStatus status(Deployment d, List<ReplicaSet> owned, Optional<ReplicaSet> current) {
        int desired = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
        int replicas = 0;
        int ready = 0;
        int available = 0;
        for (ReplicaSet rs : owned) {
            ReplicaSetStatus s = Optional.ofNullable(rs.getStatus()).orElseGet(ReplicaSetStatus::new);
            replicas += count(s.getReplicas());
            ready += count(s.getReadyReplicas());
            available += count(s.getAvailableReplicas());
        }
        int updated = current.map(rs -> rs.getStatus() == null ? 0 : count(rs.getStatus().getReplicas())).orElse(0);
        // The apiserver omits zero counts; keeping them null makes a no-op status update compare equal.
        return new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(nullIfZero(replicas))
                .withUpdatedReplicas(nullIfZero(updated))
                .withReadyReplicas(nullIfZero(ready))
                .withAvailableReplicas(nullIfZero(available))
                .withUnavailableReplicas(nullIfZero(Math.max(desired - available, 0)))
                .build();
    }

    private static ReplicaSet newReplicaSet(Deployment d, String name, String hash, int replicas) {
        PodTemplateSpec template = new PodTemplateSpec(new ObjectMeta(), d.getSpec().getTemplate().getSpec());
        ObjectMeta templateMeta = Optional.ofNullable(d.getSpec().getTemplate().getMetadata()).orElseGet(ObjectMeta::new);
        Map<String, String> labels = new TreeMap<>(Optional.ofNullable(templateMeta.getLabels()).orElse(Map.of()));
        labels.put(HASH_LABEL, hash);
        template.getMetadata().setLabels(labels);
        template.getMetadata().setAnnotations(templateMeta.getAnnotations());
        LabelSelector selector = new LabelSelector(
                Optional.ofNullable(d.getSpec().getSelector()).map(LabelSelector::getMatchExpressions).orElse(null),
                withHash(Optional.ofNullable(d.getSpec().getSelector()).map(LabelSelector::getMatchLabels), hash));
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(name).withNamespace(d.getMetadata().getNamespace())
                .withLabels(labels).withOwnerReferences(Owners.controllerRef(d)).endMetadata()
                .withNewSpec().withReplicas(replicas).withSelector(selector).withTemplate(template).endSpec()
                .build();
    }

    private static Map<String, String> withHash(Optional<Map<String, String>> matchLabels, String hash) {
        Map<String, String> labels = new TreeMap<>(matchLabels.orElse(Map.of()));
        labels.put(HASH_LABEL, hash);
        return labels;
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private static Integer nullIfZero(int value) {
        return value == 0 ? null : value;
    }
}
