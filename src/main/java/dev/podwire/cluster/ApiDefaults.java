package dev.podwire.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Objects;

/** What the apiserver fills in or keeps on a write, as pure functions over copies of objects. */
final class ApiDefaults {
    private ApiDefaults() {}

    static <T extends HasMetadata> T mergeSpec(ResourceType<T> type, T stored, ObjectNode desiredTree) {
        ObjectNode merged = ObjectCodec.tree(stored);
        ObjectNode meta = (ObjectNode) merged.path("metadata");
        for (String field : List.of("labels", "annotations")) {
            if (desiredTree.path("metadata").has(field)) {
                meta.set(field, desiredTree.path("metadata").get(field));
            }
        }
        if (desiredTree.has("spec")) {
            ObjectNode spec = desiredTree.get("spec").deepCopy();
            if (type.equals(ResourceType.SERVICE) && !spec.has("clusterIP")) {
                // The cluster IP is allocated once and immutable; a re-applied manifest rarely names it.
                JsonNode oldSpec = merged.path("spec");
                for (String field : List.of("clusterIP", "clusterIPs")) {
                    if (oldSpec.has(field)) {
                        spec.set(field, oldSpec.get(field));
                    }
                }
            }
            if (type.equals(ResourceType.POD) && merged.path("spec").isObject()) {
                spec = PodUpdates.merge(stored.getMetadata().getName(), (ObjectNode) merged.get("spec"), spec);
            }
            merged.set("spec", spec);
        }
        // ConfigMaps have no spec: their content is data and binaryData, replaced whole as kubectl apply does.
        for (String field : List.of("data", "binaryData")) {
            if (type.equals(ResourceType.CONFIG_MAP)) {
                if (desiredTree.has(field)) {
                    merged.set(field, desiredTree.get(field).deepCopy());
                } else {
                    merged.remove(field);
                }
            }
        }
        return ObjectCodec.fromTree(merged, type.type());
    }

    static <T extends HasMetadata> T normalized(ResourceType<T> type, T object) {
        T copy = ObjectCodec.copy(object);
        copy.setApiVersion(type.apiVersion());
        if (copy.getMetadata() == null) {
            copy.setMetadata(new ObjectMeta());
        }
        ObjectMeta meta = copy.getMetadata();
        if (type.namespaced() && meta.getNamespace() == null) {
            meta.setNamespace("default");
        }
        if (!type.namespaced()) {
            meta.setNamespace(null);
        }
        return copy;
    }

    static void defaultStatus(HasMetadata object) {
        switch (object) {
            case Pod pod when pod.getStatus() == null || pod.getStatus().getPhase() == null -> {
                PodStatus status = Objects.requireNonNullElseGet(pod.getStatus(), PodStatus::new);
                status.setPhase("Pending");
                pod.setStatus(status);
            }
            case Namespace ns when ns.getStatus() == null ->
                    ns.setStatus(new NamespaceStatus(null, "Active"));
            default -> {}
        }
    }
}
