package dev.podwire.subnet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The value flannel stores for a lease ({@code pkg/lease/lease.go LeaseAttrs}), IPv4 only.
 *
 * <p>JSON field order is flannel's: {@code PublicIP}, {@code PublicIPv6} (always present, {@code null} here),
 * {@code BackendType} (omitted when empty, as udp leaves it), {@code BackendData} (omitted when absent; a raw JSON
 * object written verbatim in compact form), e.g.
 * {@code {"PublicIP":"192.168.64.3","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44"}}}.
 *
 * @param publicIp the node address peers send to ({@code PublicIP})
 * @param backendType {@code host-gw}, {@code vxlan}, ...; empty when the backend sets none
 * @param backendDataJson the {@code BackendData} object as compact JSON, canonicalized on construction
 */
public record LeaseAttrs(Ipv4 publicIp, String backendType, Optional<String> backendDataJson) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates and canonicalizes {@code backendDataJson} to compact form. */
    public LeaseAttrs {
        Objects.requireNonNull(publicIp, "publicIp");
        Objects.requireNonNull(backendType, "backendType");
        Objects.requireNonNull(backendDataJson, "backendDataJson");
        backendDataJson = backendDataJson.map(LeaseAttrs::compactObject);
    }

    /** {@return host-gw attributes: {@code BackendType:"host-gw"}, no BackendData} */
    public static LeaseAttrs hostGw(Ipv4 publicIp) {
        return new LeaseAttrs(publicIp, "host-gw", Optional.empty());
    }

    /** {@return vxlan attributes with {@code BackendData {"VNI":vni,"VtepMAC":"mac"}}} */
    public static LeaseAttrs vxlan(Ipv4 publicIp, int vni, Mac vtepMac) {
        ObjectNode data = JSON.createObjectNode();
        data.put("VNI", vni);
        data.put("VtepMAC", vtepMac.toString());
        return new LeaseAttrs(publicIp, "vxlan", Optional.of(data.toString()));
    }

    /** {@return the lease value exactly as flannel writes it to etcd} */
    public String toJson() {
        StringBuilder out = new StringBuilder();
        out.append("{\"PublicIP\":\"").append(publicIp).append("\",\"PublicIPv6\":null");
        if (!backendType.isEmpty()) {
            out.append(",\"BackendType\":").append(JSON.getNodeFactory().textNode(backendType));
        }
        backendDataJson.ifPresent(data -> out.append(",\"BackendData\":").append(data));
        return out.append('}').toString();
    }

    /**
     * {@return the attributes in a lease value}. Keys match case-insensitively and unknown keys are ignored, as
     * Go's decoder does; {@code "BackendData":null} counts as absent.
     *
     * @throws IllegalArgumentException when the text is not a lease object, PublicIP is missing or malformed, or
     *     the lease carries IPv6 data (podwire is IPv4-only)
     */
    public static LeaseAttrs parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("lease: not valid JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new IllegalArgumentException("lease: " + json + " (expected: a JSON object with PublicIP)");
        }
        Map<String, JsonNode> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        obj.properties().forEach(e -> keys.put(e.getKey(), e.getValue()));
        JsonNode ip = keys.get("PublicIP");
        if (ip == null || !ip.isTextual()) {
            throw new IllegalArgumentException("lease PublicIP: " + ip + " (expected: a dotted-quad string)");
        }
        for (String v6 : new String[] {"PublicIPv6", "BackendV6Data"}) {
            JsonNode node = keys.get(v6);
            if (node != null && !node.isNull()) {
                throw new IllegalArgumentException("lease " + v6 + ": " + node + " (expected: null; IPv4 only)");
            }
        }
        JsonNode type = keys.get("BackendType");
        if (type != null && !type.isNull() && !type.isTextual()) {
            throw new IllegalArgumentException("lease BackendType: " + type + " (expected: a string)");
        }
        JsonNode data = keys.get("BackendData");
        return new LeaseAttrs(Ipv4.parse(ip.asText()),
                type == null || type.isNull() ? "" : type.asText(),
                data == null || data.isNull() ? Optional.empty() : Optional.of(data.toString()));
    }

    private static String compactObject(String raw) {
        try {
            JsonNode node = JSON.readTree(raw);
            if (!(node instanceof ObjectNode)) {
                throw new IllegalArgumentException("backendDataJson: " + raw + " (expected: a JSON object)");
            }
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("backendDataJson: " + raw + " (expected: a JSON object; "
                    + e.getOriginalMessage() + ")");
        }
    }
}
