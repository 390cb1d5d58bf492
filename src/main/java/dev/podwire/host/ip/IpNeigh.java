package dev.podwire.host.ip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podwire.host.Command;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.net.Netns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 neighbour entry as the kernel reports it ({@code ip -j neigh show dev flannel.1}).
 *
 * @param ip the neighbour's address
 * @param lladdr its link-layer address; absent for {@code FAILED}/{@code INCOMPLETE} entries
 * @param dev the device
 * @param state the NUD states, upper case as ip prints them ({@code PERMANENT}, {@code STALE}, ...), sorted
 */
public record IpNeigh(Ipv4 ip, Optional<Mac> lladdr, IfName dev, List<String> state) {

    /** Validates, copies and sorts. */
    public IpNeigh {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(lladdr, "lladdr");
        Objects.requireNonNull(dev, "dev");
        state = state.stream().sorted().toList();
    }

    /** {@return {@code ip -j neigh show dev <dev>}} */
    public static Command command(Netns netns, IfName dev) {
        return Command.of(netns, "ip", "-j", "neigh", "show", "dev", dev.value());
    }

    /** {@return whether this is a static entry ({@code nud permanent})} */
    public boolean permanent() {
        return state.contains("PERMANENT");
    }

    /**
     * {@return the IPv4 entries in {@code ip -j neigh show dev <dev>} output, sorted by address}. ip omits the
     * {@code dev} key when asked for one device, so {@code dev} fills it in; entries of other devices are skipped.
     *
     * @throws IllegalArgumentException when the text is not a JSON array of neighbour objects
     */
    public static List<IpNeigh> parse(String json, IfName dev) {
        List<IpNeigh> out = new ArrayList<>();
        for (JsonNode node : IpJson.array(json, "ip -j neigh")) {
            Optional<Ipv4> ip = IpJson.ipv4(node, "dst");
            if (ip.isEmpty() || !IpJson.text(node, "dev", dev.value()).equals(dev.value())) {
                continue;
            }
            out.add(new IpNeigh(ip.get(), IpJson.text(node, "lladdr").map(Mac::parse), dev,
                    IpJson.strings(node, "state")));
        }
        out.sort(Comparator.comparing(IpNeigh::ip));
        return List.copyOf(out);
    }
}
