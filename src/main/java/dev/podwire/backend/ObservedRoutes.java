package dev.podwire.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses the JSON iproute2 prints for {@code ip -j route show} (main table, IPv4). */
public final class ObservedRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ObservedRoutes() {
    }

    /**
     * {@return the routes in {@code ip -j route show} output, sorted by destination then metric}. Entries whose
     * {@code dst} is not IPv4 (IPv6, multicast tables) are skipped; empty output means no routes.
     *
     * @throws IllegalArgumentException when the text is not a JSON array of route objects
     */
    public static List<ObservedRoute> parse(String ipJson) {
        if (ipJson.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(ipJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("ip -j route: not valid JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ArrayNode array)) {
            throw new IllegalArgumentException("ip -j route: " + abbreviate(ipJson) + " (expected: a JSON array)");
        }
        List<ObservedRoute> routes = new ArrayList<>();
        for (JsonNode node : array) {
            dst(text(node, "dst", "")).ifPresent(dst -> routes.add(new ObservedRoute(dst,
                    text(node, "type", "unicast"),
                    Ipv4.tryParse(text(node, "gateway", "")),
                    node.hasNonNull("dev") ? Optional.of(IfName.of(node.get("dev").asText())) : Optional.empty(),
                    text(node, "protocol", "boot"),
                    text(node, "scope", "global"),
                    node.path("metric").asInt(0),
                    flags(node))));
        }
        routes.sort((a, b) -> a.dst().equals(b.dst()) ? Integer.compare(a.metric(), b.metric())
                : a.dst().compareTo(b.dst()));
        return List.copyOf(routes);
    }

    private static Optional<Cidr> dst(String text) {
        if (text.equals("default")) {
            return Optional.of(Cidr.parse("0.0.0.0/0"));
        }
        return text.contains("/") ? Cidr.tryParse(text) : Ipv4.tryParse(text).map(ip -> new Cidr(ip, 32));
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static List<String> flags(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.path("flags").forEach(f -> out.add(f.asText()));
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
