package dev.podwire.backend.vxlan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** Reads the JSON arrays iproute2 prints with {@code -j}. */
final class IpJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IpJson() {
    }

    /** {@return the array in {@code text}; blank text is an empty array} */
    static ArrayNode array(String text, String tool) {
        if (text.isBlank()) {
            return JSON.createArrayNode();
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(tool + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ArrayNode array)) {
            String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
            throw new IllegalArgumentException(tool + ": " + shown + " (expected: a JSON array)");
        }
        return array;
    }
}
