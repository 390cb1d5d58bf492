package dev.podwire.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the API server lets {@code kubectl apply} change in an existing Pod: container images and little else. A pod
 * is bound to a node and wired there; moving it ({@code spec.nodeName}) or changing its ports would leave the old
 * node's sandbox behind, so such an update is refused with the API server's message, and fields the manifest leaves
 * out (the node the scheduler chose, defaults) keep their stored values.
 */
final class PodUpdates {
    /** The API server's message for a forbidden pod update. */
    static final String FORBIDDEN = "spec: Forbidden: pod updates may not change fields other than"
            + " `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`,"
            + " `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds`"
            + " (allow it to be set to 1 if it was previously negative)";

    private PodUpdates() {}

    /**
     * {@return the stored spec with the images (and deadline, tolerations, grace period) the manifest names}
     *
     * @throws IllegalArgumentException naming the changed fields when the manifest changes anything else it names
     */
    static ObjectNode merge(String name, ObjectNode stored, ObjectNode desired) {
        List<String> changed = new ArrayList<>();
        compare("spec", stored, desired, changed);
        if (!changed.isEmpty()) {
            throw new IllegalArgumentException("The Pod \"" + name + "\" is invalid: " + FORBIDDEN + " (changed: "
                    + String.join(", ", changed) + "; delete the pod and create it again to change them)");
        }
        ObjectNode merged = stored.deepCopy();
        for (String field : List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds")) {
            if (desired.has(field)) {
                merged.set(field, desired.get(field).deepCopy());
            }
        }
        for (String list : List.of("containers", "initContainers")) {
            JsonNode wanted = desired.path(list);
            JsonNode have = merged.path(list);
            for (int i = 0; i < wanted.size() && i < have.size(); i++) {
                if (wanted.get(i).has("image")) {
                    ((ObjectNode) have.get(i)).set("image", wanted.get(i).get("image"));
                }
            }
        }
        return merged;
    }

    // Compares what the manifest names; a field it leaves out keeps its stored value.
    private static void compare(String path, JsonNode stored, JsonNode desired, List<String> changed) {
        if (desired.isObject() && stored.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = desired.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path + "." + field.getKey();
                if (mutable(child)) {
                    continue;
                }
                compare(child, stored.path(field.getKey()), field.getValue(), changed);
            }
        } else if (desired.isArray() && stored.isArray()) {
            ArrayNode d = (ArrayNode) desired;
            if (d.size() != stored.size()) {
                changed.add(path);
                return;
            }
            for (int i = 0; i < d.size(); i++) {
                compare(path + "[" + i + "]", stored.get(i), d.get(i), changed);
            }
        } else if (!desired.equals(stored)) {
            changed.add(path);
        }
    }

    private static boolean mutable(String path) {
        return path.matches("spec\\.(init)?[cC]ontainers\\[\\d+]\\.image") || path.equals("spec.activeDeadlineSeconds")
                || path.equals("spec.tolerations") || path.equals("spec.terminationGracePeriodSeconds");
    }
}
