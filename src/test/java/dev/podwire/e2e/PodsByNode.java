package dev.podwire.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The default namespace's pods of a lab, one per node (the shape of the overlay tests' labs). */
final class PodsByNode {
    private final Map<String, JsonNode> byNode = new TreeMap<>();

    private PodsByNode() {}

    /** {@return the pods of {@code lab}, keyed by node; a later pod on the same node replaces an earlier one} */
    static PodsByNode of(String lab) throws Exception {
        PodsByNode p = new PodsByNode();
        new ObjectMapper().readTree(Podwire.in(lab, "get", "pods", "-o", "json").ok().out()).path("items")
                .forEach(pod -> p.byNode.put(pod.path("spec").path("nodeName").asText(), pod));
        return p;
    }

    Set<String> nodes() {
        return byNode.keySet();
    }

    String pod(String node) {
        return byNode.get(node).path("metadata").path("name").asText();
    }

    String ip(String node) {
        return byNode.get(node).path("status").path("podIP").asText();
    }
}
