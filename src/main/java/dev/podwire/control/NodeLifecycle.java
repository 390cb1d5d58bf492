package dev.podwire.control;

import static java.util.Objects.requireNonNull;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.cluster.WriteResult;
import dev.podwire.net.Cidr;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Registers the lab's nodes as Node objects, as a kubelet does on start: labels {@code kubernetes.io/hostname},
 * {@code kubernetes.io/os}, {@code kubernetes.io/arch} (and the control-plane role label when asked), the pod
 * CIDRs, the InternalIP and Hostname addresses, nodeInfo and a Ready condition.
 */
public final class NodeLifecycle {
    private final ClusterStore store;

    /** Registers nodes in {@code store}. */
    public NodeLifecycle(ClusterStore store) {
        this.store = requireNonNull(store, "store");
    }

    /** Creates the node, or refreshes an existing one's labels, spec and status (keeping uid and age). */
    public WriteResult<Node> register(NodeRegistration registration) {
        String now = ClusterStore.rfc3339(store.clock().instant());
        Node desired = toNode(registration, now);
        if (store.get(ResourceType.NODE, "", registration.name()).isEmpty()) {
            WriteResult<Node> created = store.create(desired);
            if (!(created instanceof WriteResult.AlreadyExists<Node>)) {
                return created;
            }
        }
        return store.modify(ResourceType.NODE, "", registration.name(), node -> {
            Map<String, String> labels = new TreeMap<>(node.getMetadata().getLabels() == null
                    ? Map.of() : node.getMetadata().getLabels());
            labels.putAll(desired.getMetadata().getLabels());
            node.getMetadata().setLabels(labels);
            node.getSpec().setPodCIDR(desired.getSpec().getPodCIDR());
            node.getSpec().setPodCIDRs(desired.getSpec().getPodCIDRs());
            desired.getStatus().setConditions(keepTransitionTimes(node, desired.getStatus().getConditions()));
            node.setStatus(desired.getStatus());
            return node;
        });
    }

    /** Sets the node's Ready condition (a lab node whose agent stopped is NotReady and gets no new pods). */
    public WriteResult<Node> setReady(String name, boolean ready) {
        String now = ClusterStore.rfc3339(store.clock().instant());
        return store.modify(ResourceType.NODE, "", name, node -> {
            List<NodeCondition> conditions = node.getStatus().getConditions().stream()
                    .map(c -> !"Ready".equals(c.getType()) || c.getStatus().equals(ready ? "True" : "False")
                            ? c : readyCondition(ready, now))
                    .toList();
            node.getStatus().setConditions(conditions);
            return node;
        });
    }

    /** {@return the Node object for {@code registration}, timestamps at {@code now}} (pure) */
    static Node toNode(NodeRegistration r, String now) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/hostname", r.name());
        labels.put("kubernetes.io/os", "linux");
        if (r.controlPlane()) {
            labels.put("node-role.kubernetes.io/control-plane", "");
        }
        List<String> cidrs = r.podCidrs().stream().map(Cidr::toString).toList();
        return new NodeBuilder()
                .withNewMetadata().withName(r.name()).withLabels(labels).endMetadata()
                .withNewSpec().withPodCIDR(cidrs.isEmpty() ? null : cidrs.getFirst()).withPodCIDRs(cidrs).endSpec()
                .withNewStatus()
                .withCapacity(java.util.Map.of("pods", new io.fabric8.kubernetes.api.model.Quantity(
                        Integer.toString(r.podCapacity()))))
                .withAllocatable(java.util.Map.of("pods", new io.fabric8.kubernetes.api.model.Quantity(
                        Integer.toString(r.podCapacity()))))
                .addNewAddress().withType("InternalIP").withAddress(r.internalIp().toString()).endAddress()
                .addNewAddress().withType("Hostname").withAddress(r.name()).endAddress()
                .withConditions(readyCondition(true, now))
                .withNewNodeInfo().withKubeletVersion(r.kubeletVersion()).withKernelVersion(r.kernelVersion())
                .withOsImage(r.osImage()).withContainerRuntimeVersion(r.containerRuntime())
                .withOperatingSystem("linux").withArchitecture("amd64").endNodeInfo()
                .endStatus()
                .build();
    }

    private static NodeCondition readyCondition(boolean ready, String now) {
        return new NodeConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
                .withReason(ready ? "KubeletReady" : "KubeletNotReady")
                .withMessage(ready ? "kubelet is posting ready status" : "podwire node agent stopped")
                .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
    }

    private static List<NodeCondition> keepTransitionTimes(Node existing, List<NodeCondition> fresh) {
        List<NodeCondition> old = existing.getStatus() == null || existing.getStatus().getConditions() == null
                ? List.of() : existing.getStatus().getConditions();
        return fresh.stream().map(c -> old.stream()
                .filter(o -> o.getType().equals(c.getType()) && o.getStatus().equals(c.getStatus()))
                .findFirst()
                .map(o -> new NodeConditionBuilder(c).withLastTransitionTime(o.getLastTransitionTime()).build())
                .orElse(c)).toList();
    }
}
