package dev.podwire.control;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Binds each pod without {@code spec.nodeName} to the Ready, schedulable node with the fewest pods (ties: by
 * name), skipping nodes with NoSchedule/NoExecute taints the pod does not tolerate. Three replicas on two empty
 * nodes therefore land 2 + 1. Pods are taken oldest first. A pod with no feasible node stays Pending.
 */
final class Scheduler {
    private final ClusterStore store;

    Scheduler(ClusterStore store) {
        this.store = store;
    }

    void reconcile() {
        List<Node> nodes = store.list(ResourceType.NODE).stream().filter(Scheduler::schedulable).toList();
        List<Pod> pods = store.list(ResourceType.POD);
        Map<String, Integer> load = new TreeMap<>();
        nodes.forEach(n -> load.put(n.getMetadata().getName(), 0));
        pods.stream().map(p -> p.getSpec().getNodeName()).filter(n -> n != null && load.containsKey(n)).forEach(n -> load.merge(n, 1, Integer::sum));
        List<Pod> pending = pods.stream()
                .filter(p -> p.getSpec().getNodeName() == null && !Owners.deleting(p))
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())
                        .thenComparing(p -> p.getMetadata().getNamespace())
                        .thenComparing(p -> p.getMetadata().getName()))
                .toList();
        String now = ClusterStore.rfc3339(store.clock().instant());
        for (Pod pod : pending) {
            Optional<String> target = nodes.stream()
                    .filter(n -> tolerates(pod, n))
                    .map(n -> n.getMetadata().getName())
                    .min(Comparator.comparing((String n) -> load.get(n)).thenComparing(n -> n));
            if (target.isEmpty()) {
                continue;
            }
            load.merge(target.get(), 1, Integer::sum);
            store.modify(ResourceType.POD, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), fresh -> {
                // Bind only once: a pod bound meanwhile (by an earlier pass) keeps its node.
                if (fresh.getSpec().getNodeName() == null) {
                    fresh.getSpec().setNodeName(target.get());
                    addScheduledCondition(fresh, now);
                }
                return fresh;
            });
        }
    }

    private static void addScheduledCondition(Pod pod, String now) {
        PodStatus status = Optional.ofNullable(pod.getStatus()).orElseGet(PodStatus::new);
        List<PodCondition> conditions = new ArrayList<>(Optional.ofNullable(status.getConditions()).orElse(List.of()));
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime(now).build());
        status.setConditions(conditions);
        pod.setStatus(status);
    }

    static boolean schedulable(Node node) {
        boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return ready && !cordoned;
    }

    static boolean tolerates(Pod pod, Node node) {
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of() : node.getSpec().getTaints();
        List<Toleration> tolerations = Optional.ofNullable(pod.getSpec().getTolerations()).orElse(List.of());
        return taints.stream()
                .filter(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
                .allMatch(t -> tolerations.stream().anyMatch(tol -> tolerates(tol, t)));
    }

    private static boolean tolerates(Toleration tol, Taint taint) {
        boolean effect = tol.getEffect() == null || tol.getEffect().isEmpty() || tol.getEffect().equals(taint.getEffect());
        boolean exists = "Exists".equals(tol.getOperator());
        boolean key = (tol.getKey() == null || tol.getKey().isEmpty()) ? exists : tol.getKey().equals(taint.getKey());
        boolean value = exists || Optional.ofNullable(tol.getValue()).orElse("")
                .equals(Optional.ofNullable(taint.getValue()).orElse(""));
        return effect && key && value;
    }
}
