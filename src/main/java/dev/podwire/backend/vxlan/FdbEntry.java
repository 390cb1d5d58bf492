package dev.podwire.backend.vxlan;

import dev.podwire.host.ip.BridgeFdb;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A permanent forwarding entry on the VTEP itself ({@code self}): frames for a peer's VTEP MAC are encapsulated
 * and sent to the peer's underlay address.
 *
 * @param mac the peer's VTEP MAC
 * @param dev the local VTEP
 * @param dst the peer's underlay address (its lease PublicIP), the outer destination
 */
public record FdbEntry(Mac mac, IfName dev, Ipv4 dst) implements Comparable<FdbEntry> {
    private static final Mac ALL_ZEROS = new Mac(0);
    private static final Comparator<FdbEntry> ORDER = Comparator.comparing(FdbEntry::dev)
            .thenComparing(f -> f.mac().bits()).thenComparing(FdbEntry::dst);

    /** Validates. */
    public FdbEntry {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(dst, "dst");
    }

    /**
     * {@return whether the backend owns the kernel entry {@code have} and may delete it}: a permanent {@code self}
     * entry with a remote {@code dst} for a unicast MAC, the only kind flannel writes. The all-zeros
     * default-destination entry and the device's multicast entries are never ours.
     */
    public static boolean owned(BridgeFdb have) {
        return have.state().equals("permanent") && have.flags().contains("self") && have.dst().isPresent()
                && (have.mac().bits() >>> 40 & 1) == 0 && !have.mac().equals(ALL_ZEROS);
    }

    /** {@return whether the kernel entry {@code have} is exactly this entry, and {@linkplain #owned owned}} */
    public boolean satisfiedBy(BridgeFdb have) {
        return owned(have) && mac.equals(have.mac()) && dev.equals(have.dev()) && have.dst().equals(Optional.of(dst));
    }

    /** Orders by device, MAC, then destination. */
    @Override
    public int compareTo(FdbEntry other) {
        return ORDER.compare(this, other);
    }

    /** {@return the entry as {@code bridge fdb} takes it: {@code <mac> dev <dev> dst <ip> self permanent}} */
    @Override
    public String toString() {
        return mac + " dev " + dev + " dst " + dst + " self permanent";
    }
}
