package dev.podwire.subnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * flannel's network configuration (net-conf.json, or {@code /coreos.com/network/config} in etcd), after flannel's
 * defaults and checks ({@code pkg/subnet/config.go}).
 *
 * @param network the whole pod network ({@code Network})
 * @param subnetLen prefix length of each node's lease ({@code SubnetLen})
 * @param subnetMin first lease flannel may hand out ({@code SubnetMin})
 * @param subnetMax last lease flannel may hand out ({@code SubnetMax})
 * @param backend the {@code Backend} object
 * @param json the configuration as flannel would store it, keys in flannel's order
 */
public record NetConf(Cidr network, int subnetLen, Ipv4 subnetMin, Ipv4 subnetMax, BackendConfig backend,
        String json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates. */
    public NetConf {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(subnetMin, "subnetMin");
        Objects.requireNonNull(subnetMax, "subnetMax");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(json, "json");
    }

    /**
     * {@return the configuration parsed from net-conf.json text}
     *
     * @throws IllegalArgumentException with flannel's own message for each invalid case
     */
    public static NetConf parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!(node instanceof ObjectNode obj)) {
                throw new IllegalArgumentException("net-conf: " + json + " (expected: a JSON object)");
            }
            return from(obj);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("net-conf: not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** {@return the configuration from a parsed object; keys match case-insensitively, as Go's decoder does} */
    public static NetConf from(ObjectNode obj) {
        Map<String, JsonNode> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        obj.properties().forEach(e -> keys.put(e.getKey(), e.getValue()));
        for (String key : keys.keySet()) {
            if (!KNOWN.containsKey(key)) {
                throw new IllegalArgumentException(key + ": unknown net-conf.json key (expected one of: "
                        + String.join(", ", KNOWN.keySet()) + ")");
            }
        }
        JsonNode networkNode = keys.get("Network");
        if (networkNode == null || !networkNode.isTextual() || networkNode.asText().isEmpty()) {
            throw new IllegalArgumentException("please define a correct Network parameter in the flannel config");
        }
        Cidr network = Cidr.tryParse(networkNode.asText()).orElseThrow(() -> new IllegalArgumentException(
                "invalid CIDR address: " + networkNode.asText() + " (Network, expected e.g. 10.244.0.0/16)"));
        int subnetLen;
        JsonNode lenNode = keys.get("SubnetLen");
        if (lenNode == null || lenNode.asInt(0) == 0) {
            if (network.prefixLength() > 28) {
                throw new IllegalArgumentException("network is too small. Minimum useful network prefix is /28");
            }
            subnetLen = network.prefixLength() <= 22 ? 24 : network.prefixLength() + 2;
        } else {
            if (!lenNode.canConvertToInt() || !lenNode.isIntegralNumber()) {
                throw new IllegalArgumentException("SubnetLen: " + lenNode + " (expected: an integer prefix length)");
            }
            subnetLen = lenNode.asInt();
            if (subnetLen > 30) {
                throw new IllegalArgumentException("SubnetLen must be less than /31");
            }
            if (subnetLen < network.prefixLength() + 2) {
                throw new IllegalArgumentException("network must be able to accommodate at least four subnets");
            }
        }
        long step = 1L << (32 - subnetLen);
        Ipv4 min = bound(keys.get("SubnetMin"), "SubnetMin", network, subnetLen, network.address().plus(step));
        Ipv4 max = bound(keys.get("SubnetMax"), "SubnetMax", network, subnetLen, network.last().plus(1 - step));
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("SubnetMin " + min + " is after SubnetMax " + max
                    + " (expected: SubnetMin <= SubnetMax)");
        }
        BackendConfig backend = backend(keys.get("Backend"));
        ObjectNode canonical = JSON.createObjectNode();
        canonical.put("Network", network.toString());
        if (lenNode != null) {
            canonical.put("SubnetLen", subnetLen);
        }
        copy(keys, canonical, "SubnetMin", "SubnetMax", "EnableIPv4", "EnableIPv6", "EnableNFTables", "Backend");
        return new NetConf(network, subnetLen, min, max, backend, canonical.toString());
    }

    private static final Map<String, String> KNOWN = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        for (String k : new String[] {"Network", "SubnetLen", "SubnetMin", "SubnetMax", "Backend", "EnableIPv4",
            "EnableIPv6", "EnableNFTables", "IPv6Network", "IPv6SubnetLen", "IPv6SubnetMin", "IPv6SubnetMax"}) {
            KNOWN.put(k, k);
        }
    }

    private static void copy(Map<String, JsonNode> keys, ObjectNode out, String... names) {
        for (String name : names) {
            JsonNode v = keys.get(name);
            if (v != null) {
                out.set(name, v);
            }
        }
    }

    private static Ipv4 bound(JsonNode node, String key, Cidr network, int subnetLen, Ipv4 fallback) {
        if (node == null) {
            return fallback;
        }
        Ipv4 ip = Ipv4.tryParse(node.asText()).orElseThrow(
                () -> new IllegalArgumentException("invalid IPv4 address format: " + node.asText() + " (" + key + ")"));
        if (!network.contains(ip)) {
            throw new IllegalArgumentException(key + " is not in the range of the Network");
        }
        if ((ip.bits() & ~Cidr.mask(subnetLen)) != 0) {
            throw new IllegalArgumentException(key + " is not on a SubnetLen boundary: " + ip);
        }
        return ip;
    }

    private static BackendConfig backend(JsonNode node) {
        if (node == null) {
            // flannel's code falls back to udp, its docs to vxlan; podwire has neither as a silent default.
            throw new IllegalArgumentException(
                    "Backend: missing (expected: {\"Type\": \"host-gw\"} or {\"Type\": \"vxlan\"})");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new IllegalArgumentException("error decoding Backend property of config: " + node
                    + " (expected: an object such as {\"Type\": \"host-gw\"})");
        }
        Map<String, JsonNode> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            var e = it.next();
            keys.put(e.getKey(), e.getValue());
        }
        String type = keys.containsKey("Type") ? keys.get("Type").asText().toLowerCase(Locale.ROOT) : "";
        return switch (type) {
            case "host-gw" -> {
                only(keys, "host-gw", "Type");
                yield new BackendConfig.HostGw();
            }
            case "vxlan" -> {
                only(keys, "vxlan", "Type", "VNI", "Port", "GBP", "Learning", "DirectRouting", "MTU");
                yield new BackendConfig.Vxlan(
                        keys.containsKey("VNI") ? keys.get("VNI").asInt() : 1,
                        keys.containsKey("Port") ? keys.get("Port").asInt() : 0,
                        keys.containsKey("GBP") && keys.get("GBP").asBoolean(),
                        keys.containsKey("Learning") && keys.get("Learning").asBoolean(),
                        keys.containsKey("DirectRouting") && keys.get("DirectRouting").asBoolean(),
                        keys.containsKey("MTU") ? OptionalInt.of(keys.get("MTU").asInt()) : OptionalInt.empty());
            }
            default -> throw new IllegalArgumentException("unknown backend type: " + type
                    + " (expected: host-gw or vxlan)");
        };
    }

    private static void only(Map<String, JsonNode> keys, String type, String... allowed) {
        Map<String, String> ok = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String a : allowed) {
            ok.put(a, a);
        }
        for (String k : keys.keySet()) {
            if (!ok.containsKey(k)) {
                throw new IllegalArgumentException("Backend." + k + ": unknown option for " + type
                        + " (expected one of: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** {@return the number of leases between SubnetMin and SubnetMax} */
    public long leaseCount() {
        return ((subnetMax.unsigned() - subnetMin.unsigned()) >> (32 - subnetLen)) + 1;
    }
}
