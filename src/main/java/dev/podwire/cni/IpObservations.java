package dev.podwire.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.net.IfName;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Parses what {@code ip} prints into {@link ObservedNode} parts. Pure. */
final class IpObservations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IpObservations() {}

    /** {@return the namespaces {@code ip netns list} printed (lines {@code name} or {@code name (id: N)})} */
    static Set<Netns> namespaces(String text) {
        Set<Netns> out = new TreeSet<>();
        text.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> out.add(Netns.of(l.split("\\s+")[0])));
        return out;
    }

    /** {@return the veths in {@code ip -j link show type veth} output, by name} */
    static Map<IfName, ObservedNode.Veth> veths(String json) {
        Map<IfName, ObservedNode.Veth> out = new LinkedHashMap<>();
        for (JsonNode l : array(json, "ip -j link show type veth")) {
            IfName name = IfName.of(l.path("ifname").asText());
            Optional<String> master = l.hasNonNull("master") ? Optional.of(l.get("master").asText()) : Optional.empty();
            out.put(name, new ObservedNode.Veth(name, master, flags(l).contains("UP"), l.path("mtu").asInt()));
        }
        return out;
    }

    /** {@return a pod namespace from {@code ip -j addr show dev eth0} (empty when eth0 is missing) and routes} */
    static ObservedNode.Pod pod(String addrJson, String routeJson) {
        Optional<ObservedNode.Eth0> eth0 = Optional.empty();
        for (JsonNode l : array(addrJson, "ip -j addr show dev eth0")) {
            if (!l.path("ifname").asText().equals("eth0")) {
                continue;
            }
            List<String> addrs = new ArrayList<>();
            for (JsonNode a : l.path("addr_info")) {
                if (a.path("family").asText().equals("inet")) {
                    addrs.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
                }
            }
            eth0 = Optional.of(new ObservedNode.Eth0(flags(l).contains("UP"), l.path("mtu").asInt(), addrs));
        }
        Set<String> routes = new TreeSet<>();
        for (JsonNode r : array(routeJson, "ip -j route show")) {
            if (r.hasNonNull("gateway") && r.path("dev").asText().equals("eth0")) {
                routes.add(r.path("dst").asText() + " via " + r.get("gateway").asText());
            }
        }
        return new ObservedNode.Pod(eth0, routes);
    }

    private static Set<String> flags(JsonNode link) {
        Set<String> out = new TreeSet<>();
        link.path("flags").forEach(f -> out.add(f.asText()));
        return out;
    }

    private static List<JsonNode> array(String text, String tool) {
        if (text.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(tool + ": not valid JSON: " + e.getMessage());
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException(tool + ": " + root + " (expected: a JSON array)");
        }
        List<JsonNode> out = new ArrayList<>();
        root.forEach(out::add);
        return out;
    }
}
