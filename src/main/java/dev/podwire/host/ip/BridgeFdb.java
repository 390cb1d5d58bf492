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
 * A forwarding-database entry as the kernel reports it ({@code bridge -j fdb show dev flannel.1}).
 *
 * @param mac the MAC address
 * @param dev the device
 * @param dst the remote underlay address of a vxlan entry, if any and IPv4 (multicast and the device's own entries
 *     have none)
 * @param flags {@code self}, {@code master}, {@code extern_learn}, ..., sorted
 * @param state {@code permanent}, {@code static}, or empty for a learned entry
 */
public record BridgeFdb(Mac mac, IfName dev, Optional<Ipv4> dst, List<String> flags, String state) {

    /** Validates, copies and sorts. */
    public BridgeFdb {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(state, "state");
        flags = flags.stream().sorted().toList();
    }

    /** {@return {@code bridge -j fdb show dev <dev>}} */
    public static Command command(Netns netns, IfName dev) {
        return Command.of(netns, "bridge", "-j", "fdb", "show", "dev", dev.value());
    }

    /**
     * {@return the entries in {@code bridge -j fdb show dev <dev>} output, sorted by MAC then dst}. bridge omits
     * {@code ifname} when asked for one device, so {@code dev} fills it in; entries of other devices are skipped.
     *
     * @throws IllegalArgumentException when the text is not a JSON array of fdb objects
     */
    public static List<BridgeFdb> parse(String json, IfName dev) {
        List<BridgeFdb> out = new ArrayList<>();
        for (JsonNode node : IpJson.array(json, "bridge -j fdb")) {
            if (!IpJson.text(node, "ifname", dev.value()).equals(dev.value())) {
                continue;
            }
            out.add(new BridgeFdb(Mac.parse(node.path("mac").asText()), dev, IpJson.ipv4(node, "dst"),
                    IpJson.strings(node, "flags"), IpJson.text(node, "state", "")));
        }
        out.sort(Comparator.comparing((BridgeFdb f) -> f.mac().bits())
                .thenComparing(f -> f.dst().map(Ipv4::toString).orElse("")));
        return List.copyOf(out);
    }
}
