package dev.podwire.labfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Reads one mapping of a lab document at a known field path. Every accessor names the key it reads, so that
 * {@link #finish()} can report the first key nobody asked for as an unknown field, with the known ones listed.
 */
final class ObjReader {
    private final ObjectNode node;
    private final String path;
    private final Set<String> known = new TreeSet<>();

    private ObjReader(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** {@return a reader over {@code node}, which must be a mapping} */
    static ObjReader of(JsonNode node, String path, String hint) {
        if (!(node instanceof ObjectNode obj)) {
            throw new FieldError(path, shown(node) + " (expected: a mapping)", hint);
        }
        return new ObjReader(obj, path);
    }

    String path() {
        return path;
    }

    String at(String key) {
        return FieldPath.child(path, key);
    }

    /** {@return the value at {@code key}, absent when missing or null} */
    Optional<JsonNode> opt(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    JsonNode required(String key, String hint) {
        return opt(key).orElseThrow(() -> {
            // A misspelt key is the likelier story than a forgotten one: report it as the unknown field it is.
            for (var entry : node.properties()) {
                String other = entry.getKey();
                String a = other.toLowerCase(Locale.ROOT);
                if (!known.contains(other) && distance(a, key.toLowerCase(Locale.ROOT)) <= 2) {
                    return new FieldError(at(other), "unknown field (expected: " + key + ")",
                            "field names are case-sensitive; did you mean " + key + "?");
                }
            }
            return new FieldError(at(key), "missing (expected: a value)", hint);
        });
    }

    /** {@return the Levenshtein distance between two strings} */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    Optional<ObjReader> optObj(String key, String hint) {
        return opt(key).map(v -> of(v, at(key), hint));
    }

    /** {@return the items of the list at {@code key} (empty when absent), each with its path} */
    <T> List<T> list(String key, String hint, BiFunction<JsonNode, String, T> item) {
        Optional<JsonNode> v = opt(key);
        List<T> out = new ArrayList<>();
        if (v.isEmpty()) {
            return out;
        }
        if (!v.get().isArray()) {
            throw new FieldError(at(key), shown(v.get()) + " (expected: a list)", hint);
        }
        for (int i = 0; i < v.get().size(); i++) {
            out.add(item.apply(v.get().get(i), FieldPath.index(at(key), i)));
        }
        return out;
    }

    Optional<String> optString(String key, String hint) {
        return opt(key).map(v -> {
            if (!v.isTextual()) {
                throw new FieldError(at(key), shown(v) + " (expected: a string)", hint);
            }
            return v.asText();
        });
    }

    String string(String key, String hint) {
        required(key, hint);
        return optString(key, hint).orElseThrow();
    }

    int intOr(String key, int fallback, int min, int max, String hint) {
        return opt(key).map(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
                throw new FieldError(at(key), shown(v) + " (expected: an integer " + min + ".." + max + ")", hint);
            }
            return v.asInt();
        }).orElse(fallback);
    }

    boolean boolOr(String key, boolean fallback, String hint) {
        return opt(key).map(v -> {
            if (!v.isBoolean()) {
                throw new FieldError(at(key), shown(v) + " (expected: true or false)", hint);
            }
            return v.asBoolean();
        }).orElse(fallback);
    }

    String label(String key, int max, String hint) {
        String v = string(key, hint);
        if (!NameRules.isLabel(v, max)) {
            String size = v.length() > max ? " is " + v.length() + " characters long" : "";
            throw new FieldError(at(key), v + size + " (expected: " + NameRules.labelRule(max) + ")", hint);
        }
        return v;
    }

    Ipv4 ipv4(String key, String hint) {
        return ipv4(required(key, hint), at(key), hint);
    }

    Optional<Ipv4> optIpv4(String key, String hint) {
        return opt(key).map(v -> ipv4(v, at(key), hint));
    }

    static Ipv4 ipv4(JsonNode v, String path, String hint) {
        return Ipv4.tryParse(v.isTextual() ? v.asText() : "").orElseThrow(() -> new FieldError(path,
                shown(v) + " (expected: a dotted-quad IPv4 address such as 192.168.31.201)", hint));
    }

    /** {@return the prefix at {@code key}; host bits must be clear, as {@code ip route} insists} */
    Cidr cidr(String key, String hint) {
        return cidr(required(key, hint), at(key), hint);
    }

    Optional<Cidr> optCidr(String key, String hint) {
        return opt(key).map(v -> cidr(v, at(key), hint));
    }

    static Cidr cidr(JsonNode v, String path, String hint) {
        String text = v.isTextual() ? v.asText() : "";
        Cidr c = Cidr.tryParse(text).orElseThrow(() -> new FieldError(path,
                shown(v) + " (expected: an IPv4 prefix such as 10.96.0.0/12)", hint));
        if (!text.substring(0, text.indexOf('/')).equals(c.address().toString())) {
            throw new FieldError(path, text + " has host bits set (expected: " + c + ")", "write the network"
                    + " address of the prefix, " + c);
        }
        return c;
    }

    IfName ifName(String key, String fallback) {
        String hint = "use the name the interface has on a real machine, such as eth0 or ens33";
        String v = optString(key, hint).orElse(fallback);
        if (v.length() > 15) {
            throw new FieldError(at(key), v + ": name too long for an interface (" + v.length()
                    + " characters, expected: at most 15)", "Linux limits interface names to 15 bytes; " + hint);
        }
        try {
            return IfName.of(v);
        } catch (IllegalArgumentException e) {
            throw new FieldError(at(key), v + " (expected: 1..15 characters from A-Z a-z 0-9 _ . - @)", hint);
        }
    }

    /** {@return a string-to-string map; numbers and booleans are taken as written, as sysctl(8) would} */
    Map<String, String> stringMap(String key, String hint) {
        Map<String, String> out = new LinkedHashMap<>();
        optObj(key, hint).ifPresent(r -> r.node.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw new FieldError(r.at(e.getKey()), shown(v) + " (expected: a string value)", hint);
            }
            out.put(e.getKey(), v.asText());
        }));
        return out;
    }

    /** Rejects the first key that no accessor asked for. */
    void finish() {
        for (var entry : node.properties()) {
            String key = entry.getKey();
            if (!known.contains(key)) {
                throw new FieldError(at(key), "unknown field (expected one of: " + String.join(", ", known) + ")",
                        "field names are case-sensitive; check the spelling");
            }
        }
    }

    /** {@return a short rendering of a value for messages: {@code []} for an empty list} */
    static String shown(JsonNode v) {
        String s = v.isTextual() ? v.asText() : v.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
