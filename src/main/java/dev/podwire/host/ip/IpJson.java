package dev.podwire.host.ip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The one reader of iproute2's {@code -j} output: JSON arrays of objects whose omitted keys mean defaults. */
final class IpJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MAC = Pattern.compile("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}");

    private IpJson() {
    }

    /**
     * {@return the objects of the array in {@code text}}; blank text (what ip prints for nothing) is an empty array.
     *
     * @param tool the command, for messages ({@code ip -j route})
     * @throws IllegalArgumentException when the text is not valid JSON or not an array
     */
    static List<JsonNode> array(String text, String tool) {
        if (text.isBlank()) {
            return List.of();
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
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** {@return the text of {@code key}, or {@code fallback} when it is absent or null} */
    static String text(JsonNode node, String key, String fallback) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    /** {@return the text of {@code key}, if present and not null} */
    static Optional<String> text(JsonNode node, String key) {
        return node.hasNonNull(key) ? Optional.of(node.get(key).asText()) : Optional.empty();
    }

    /** {@return the IPv4 address in {@code key}; empty when absent or not IPv4} */
    static Optional<Ipv4> ipv4(JsonNode node, String key) {
        return text(node, key).flatMap(Ipv4::tryParse);
    }

    /** {@return the interface name in {@code key}, if present} */
    static Optional<IfName> ifName(JsonNode node, String key) {
        return text(node, key).map(IfName::of);
    }

    /**
     * {@return the Ethernet address in {@code key}}; empty when absent or of another link type (ipip prints
     * {@code 0.0.0.0}, a tun device none)
     */
    static Optional<Mac> mac(JsonNode node, String key) {
        return text(node, key).filter(t -> MAC.matcher(t).matches()).map(Mac::parse);
    }

    /** {@return the strings of the array in {@code key}, in ip's order; empty when absent} */
    static List<String> strings(JsonNode node, String key) {
        List<String> out = new ArrayList<>();
        node.path(key).forEach(s -> out.add(s.asText()));
        return out;
    }
}
