package dev.podwire.kinds.node;

import dev.podwire.kinds.Age;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** kubectl's node columns ({@code printNode}). */
public final class NodeRows {
    /** The columns. */
    public static final List<String> HEADER = List.of("NAME", "STATUS", "ROLES", "AGE", "VERSION");
    /** The columns {@code -o wide} adds. */
    public static final List<String> WIDE =
            List.of("INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME");
    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";

    private NodeRows() {}

    /** {@return the cells of {@code node}'s row} */
    public static List<String> row(Node node, Instant now, boolean wide) {
        NodeStatus status = Optional.ofNullable(node.getStatus()).orElseGet(NodeStatus::new);
        NodeSystemInfo info = Optional.ofNullable(status.getNodeInfo()).orElseGet(NodeSystemInfo::new);
        List<String> row = new ArrayList<>(List.of(node.getMetadata().getName(), status(node, status), roles(node),
                Age.since(Optional.ofNullable(node.getMetadata().getCreationTimestamp()), now),
                Optional.ofNullable(info.getKubeletVersion()).orElse("")));
        if (wide) {
            row.add(address(status, "InternalIP"));
            row.add(address(status, "ExternalIP"));
            row.add(orUnknown(info.getOsImage()));
            row.add(orUnknown(info.getKernelVersion()));
            row.add(orUnknown(info.getContainerRuntimeVersion()));
        }
        return row;
    }

    private static String status(Node node, NodeStatus status) {
        List<String> parts = new ArrayList<>();
        Optional<NodeCondition> readyCondition = Optional.ofNullable(status.getConditions()).orElse(List.of())
                .stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        parts.add(readyCondition.map(c -> "True".equals(c.getStatus()) ? "Ready" : "NotReady").orElse("Unknown"));
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            parts.add("SchedulingDisabled");
        }
        return String.join(",", parts);
    }

    private static String roles(Node node) {
        TreeSet<String> roles = new TreeSet<>();
        Map<String, String> labels = Optional.ofNullable(node.getMetadata().getLabels()).orElse(Map.of());
        labels.forEach((key, value) -> {
            if (key.startsWith(ROLE_PREFIX) && key.length() > ROLE_PREFIX.length()) {
                roles.add(key.substring(ROLE_PREFIX.length()));
            } else if (key.equals("kubernetes.io/role") && !value.isEmpty()) {
                roles.add(value);
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(NodeStatus status, String type) {
        return Optional.ofNullable(status.getAddresses()).orElse(List.of()).stream()
                .filter(a -> type.equals(a.getType())).map(NodeAddress::getAddress).findFirst().orElse("<none>");
    }

    private static String orUnknown(String value) {
        return value == null || value.isEmpty() ? "<unknown>" : value;
    }
}
