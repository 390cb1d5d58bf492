package dev.podwire.backend.vxlan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A neighbour entry as the kernel reports it ({@code ip -j neigh show dev flannel.1}), IPv4 only.
 *
 * @param ip the neighbour's address
 * @param lladdr its link-layer address; absent for {@code FAILED}/{@code INCOMPLETE} entries
 * @param dev the device
 * @param state the NUD states, upper case as ip prints them ({@code PERMANENT}, {@code STALE}, ...), sorted
 */
public record ObservedNeigh(Ipv4 ip, Optional<Mac> lladdr, IfName dev, List<String> state) {

    /** Validates, copies and sorts. */
    public ObservedNeigh {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(lladdr, "lladdr");
        Objects.requireNonNull(dev, "dev");
        state = state.stream().sorted().toList();
    }

    /** {@return whether this is a static entry ({@code nud permanent}), the only kind flannel writes} */
    public boolean permanent() {
        return state.contains("PERMANENT");
    }

    /** {@return whether this entry is exactly {@code want}: same address, device and MAC, and permanent} */
    public boolean satisfies(NeighEntry want) {
        return ip.equals(want.ip()) && dev.equals(want.dev()) && lladdr.equals(Optional.of(want.mac())) && permanent();
    }

    /**
     * {@return the IPv4 entries in {@code ip -j neigh show dev <dev>} output, sorted by address}. ip omits the
     * {@code dev} key when asked for one device, so {@code dev} fills it in; entries of other devices are skipped.
     *
     * @throws IllegalArgumentException when the text is not a JSON array of neighbour objects
     */
    public static List<ObservedNeigh> parse(String ipJson, IfName dev) {
        List<ObservedNeigh> out = new ArrayList<>();
        for (JsonNode node : IpJson.array(ipJson, "ip -j neigh")) {
            Optional<Ipv4> ip = Ipv4.tryParse(node.path("dst").asText(""));
            String onDev = node.path("dev").asText(dev.value());
            if (ip.isEmpty() || !onDev.equals(dev.value())) {
                continue;
            }
            List<String> state = new ArrayList<>();
            node.path("state").forEach(s -> state.add(s.asText()));
            out.add(new ObservedNeigh(ip.get(),
                    node.hasNonNull("lladdr") ? Optional.of(Mac.parse(node.get("lladdr").asText())) : Optional.empty(),
                    dev, state));
        }
        out.sort(Comparator.comparing(ObservedNeigh::ip));
        return List.copyOf(out);
    }
}
