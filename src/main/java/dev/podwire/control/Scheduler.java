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
 * name), skipping nodes with NoSchedule/NoExecute taints the pod does not tolerate and nodes whose allocatable pods
 * are taken. Three replicas on two empty nodes therefore land 2 + 1. Pods are taken oldest first. A pod with no
 * feasible node stays Pending with kube-scheduler's reason in its {@code PodScheduled} condition
 * ({@code 0/2 nodes are available: 2 Too many pods. ...}).
 */
final class Scheduler {
    private final ClusterStore store;

    Scheduler(ClusterStore store) {
        this.store = store;
    }

    void reconcile() {
        List<Node> nodes = store.list(ResourceType.NODE);
        List<Pod> pods = store.list(ResourceType.POD);
        Map<String, Integer> load = new TreeMap<>();
        nodes.forEach(n -> load.put(n.getMetadata().getName(), 0));
        pods.stream().filter(p -> !terminated(p)).map(p -> p.getSpec().getNodeName())
                .filter(n -> n != null && load.containsKey(n)).forEach(n -> load.merge(n, 1, Integer::sum));
        List<Pod> pending = pods.stream()
                .filter(p -> p.getSpec().getNodeName() == null && !Owners.deleting(p))
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())
                        .thenComparing(p -> p.getMetadata().getNamespace())
                        .thenComparing(p -> p.getMetadata().getName()))
                .toList();
        String now = ClusterStore.rfc3339(store.clock().instant());
        for (Pod pod : pending) {
            Map<String, Integer> unfit = new TreeMap<>();
            List<String> feasible = new ArrayList<>();
            for (Node n : nodes) {
                Optional<String> why = unfit(pod, n, load.get(n.getMetadata().getName()));
                why.ifPresentOrElse(w -> unfit.merge(w, 1, Integer::sum), () -> feasible.add(n.getMetadata().getName()));
            }
            Optional<String> target = feasible.stream()
                    .min(Comparator.comparing((String n) -> load.get(n)).thenComparing(n -> n));
            if (target.isEmpty()) {
                unschedulable(pod, message(nodes.size(), unfit), now);
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

    /**
     * {@return why {@code node} cannot take {@code pod}, in kube-scheduler's words}, empty when it can: a node that is
     * not Ready carries the not-ready taint, a cordoned one is unschedulable, a taint the pod does not tolerate, or
     * {@code pods} already fill its allocatable pods
     */
    static Optional<String> unfit(Pod pod, Node node, int pods) {
        if (!ready(node)) {
            return Optional.of("node(s) had untolerated taint {node.kubernetes.io/not-ready: }");
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return Optional.of("node(s) were unschedulable");
        }
        Optional<Taint> taint = untolerated(pod, node);
        if (taint.isPresent()) {
            return Optional.of("node(s) had untolerated taint {" + taint.get().getKey() + ": "
                    + Optional.ofNullable(taint.get().getValue()).orElse("") + "}");
        }
        if (pods >= allocatablePods(node)) {
            return Optional.of("Too many pods");
        }
        return Optional.empty();
    }

    /**
     * {@return kube-scheduler's FailedScheduling message}, e.g. {@code 0/2 nodes are available: 2 Too many pods.
     * preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.}
     */
    static String message(int nodes, Map<String, Integer> unfit) {
        StringBuilder b = new StringBuilder("0/").append(nodes).append(" nodes are available");
        if (unfit.isEmpty()) {
            return b.append(".").toString();
        }
        b.append(": ");
        b.append(counted(unfit));
        // Every pod has the same priority here, so preemption finds nothing to evict; for reasons preemption cannot
        // change (taints, cordons) kube-scheduler says it is not helpful.
        Map<String, Integer> preemption = new TreeMap<>();
        unfit.forEach((why, n) -> preemption.merge(why.equals("Too many pods")
                ? "No preemption victims found for incoming pod" : "Preemption is not helpful for scheduling", n,
                Integer::sum));
        b.append(". preemption: 0/").append(nodes).append(" nodes are available: ");
        b.append(counted(preemption));
        return b.append(".").toString();
    }

    // kube-scheduler's FitError: "<count> <reason>" strings, sorted as strings (so the count leads the order).
    private static String counted(Map<String, Integer> reasons) {
        return String.join(", ", reasons.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).sorted()
                .toList());
    }

    private void unschedulable(Pod pod, String message, String now) {
        Optional<PodCondition> current = Optional.ofNullable(pod.getStatus()).map(PodStatus::getConditions)
                .flatMap(cs -> cs.stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst());
        if (current.filter(c -> "False".equals(c.getStatus()) && message.equals(c.getMessage())).isPresent()) {
            return;
        }
        store.modify(ResourceType.POD, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), fresh -> {
            if (fresh.getSpec().getNodeName() != null) {
                return fresh;
            }
            PodStatus status = Optional.ofNullable(fresh.getStatus()).orElseGet(PodStatus::new);
            if (status.getPhase() == null) {
                status.setPhase("Pending");
            }
            List<PodCondition> conditions = new ArrayList<>(Optional.ofNullable(status.getConditions())
                    .orElse(List.of()));
            conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
            conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                    .withReason("Unschedulable").withMessage(message).withLastTransitionTime(now).build());
            status.setConditions(conditions);
            fresh.setStatus(status);
            return fresh;
        });
    }

    private static boolean terminated(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static int allocatablePods(Node node) {
        return Optional.ofNullable(node.getStatus()).map(s -> s.getAllocatable()).map(a -> a.get("pods"))
                .map(q -> Integer.parseInt(q.getAmount())).orElse(NodeRegistration.DEFAULT_MAX_PODS);
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

    private static boolean ready(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Optional<Taint> untolerated(Pod pod, Node node) {
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of() : node.getSpec().getTaints();
        List<Toleration> tolerations = Optional.ofNullable(pod.getSpec().getTolerations()).orElse(List.of());
        return taints.stream()
                .filter(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
                .filter(t -> tolerations.stream().noneMatch(tol -> tolerates(tol, t)))
                .findFirst();
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
