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
 * A forwarding-database entry as the kernel reports it ({@code bridge -j fdb show dev flannel.1}).
 *
 * @param mac the MAC address
 * @param dev the device
 * @param dst the remote underlay address of a vxlan entry, if any (multicast and the device's own entries have none)
 * @param flags {@code self}, {@code master}, {@code extern_learn}, ..., sorted
 * @param state {@code permanent}, {@code static}, or empty for a learned entry
 */
public record ObservedFdb(Mac mac, IfName dev, Optional<Ipv4> dst, List<String> flags, String state) {
    private static final Mac ALL_ZEROS = new Mac(0);

    /** Validates, copies and sorts. */
    public ObservedFdb {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(state, "state");
        flags = flags.stream().sorted().toList();
    }

    /**
     * {@return whether the backend owns this entry and may delete it}: a permanent {@code self} entry with a remote
     * {@code dst} for a unicast MAC, the only kind flannel writes. The all-zeros default-destination entry and the
     * device's multicast entries are never ours.
     */
    public boolean owned() {
        return state.equals("permanent") && flags.contains("self") && dst.isPresent()
                && (mac.bits() >>> 40 & 1) == 0 && !mac.equals(ALL_ZEROS);
    }

    /** {@return whether this entry is exactly {@code want}} */
    public boolean satisfies(FdbEntry want) {
        return owned() && mac.equals(want.mac()) && dev.equals(want.dev()) && dst.equals(Optional.of(want.dst()));
    }

    /**
     * {@return the entries in {@code bridge -j fdb show dev <dev>} output, sorted by MAC then dst}. bridge omits
     * {@code ifname} when asked for one device, so {@code dev} fills it in; entries of other devices are skipped.
     *
     * @throws IllegalArgumentException when the text is not a JSON array of fdb objects
     */
    public static List<ObservedFdb> parse(String bridgeJson, IfName dev) {
        List<ObservedFdb> out = new ArrayList<>();
        for (JsonNode node : IpJson.array(bridgeJson, "bridge -j fdb")) {
            if (!node.path("ifname").asText(dev.value()).equals(dev.value())) {
                continue;
            }
            List<String> flags = new ArrayList<>();
            node.path("flags").forEach(f -> flags.add(f.asText()));
            out.add(new ObservedFdb(Mac.parse(node.path("mac").asText()), dev,
                    Ipv4.tryParse(node.path("dst").asText("")), flags, node.path("state").asText("")));
        }
        out.sort(Comparator.comparing((ObservedFdb f) -> f.mac().bits())
                .thenComparing(f -> f.dst().map(Ipv4::toString).orElse("")));
        return List.copyOf(out);
    }
}
