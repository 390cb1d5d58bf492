package dev.podwire.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.net.Ipv4;
import java.io.IOException;
import java.util.Optional;

/** Parses the JSON answers of {@code ip route get}, {@code ip -d link}, {@code ip neigh} and {@code bridge fdb}. Pure. */
final class KernelLookups {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KernelLookups() {
    }

    /** {@return the lookup from {@code ip -j route get} output, or its error text when it failed} */
    static RouteLookup route(String query, boolean ok, String stdout, String stderr) {
        if (!ok) {
            String err = stderr.strip().replaceFirst("^RTNETLINK answers: ", "");
            return new RouteLookup(query, Optional.empty(), Optional.empty(), Optional.of(err.isEmpty() ? "failed"
                    : err));
        }
        JsonNode first = tree(stdout).path(0);
        Optional<String> dev = text(first, "dev");
        Optional<Ipv4> via = text(first, "gateway").flatMap(Ipv4::tryParse);
        if (text(first, "type").filter(t -> t.equals("local")).isPresent()) {
            dev = Optional.of("lo (local)");
        }
        return new RouteLookup(query, dev, via, Optional.empty());
    }

    /** {@return the VXLAN header for a packet sent to {@code gateway} through a VXLAN device, if the tables have it} */
    static Optional<Encapsulation> vxlan(String device, Ipv4 gateway, String linkJson, String neighJson,
            String fdbJson) {
        JsonNode info = tree(linkJson).path(0).path("linkinfo");
        if (!info.path("info_kind").asText().equals("vxlan")) {
            return Optional.empty();
        }
        JsonNode data = info.path("info_data");
        Optional<Ipv4> local = text(data, "local").flatMap(Ipv4::tryParse);
        Optional<String> mac = Optional.empty();
        for (JsonNode n : tree(neighJson)) {
            if (n.path("dst").asText().equals(gateway.toString())) {
                mac = text(n, "lladdr");
            }
        }
        if (mac.isEmpty() || local.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode f : tree(fdbJson)) {
            if (f.path("mac").asText().equalsIgnoreCase(mac.get())) {
                Optional<Ipv4> dst = text(f, "dst").flatMap(Ipv4::tryParse);
                if (dst.isPresent()) {
                    return Optional.of(new Encapsulation(device, data.path("id").asInt(), local.get(), dst.get(),
                            data.path("port").asInt(8472), mac.get(), text(data, "link"), false));
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode tree(String json) {
        try {
            return json.isBlank() ? JSON.createArrayNode() : JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createArrayNode();
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }
}
