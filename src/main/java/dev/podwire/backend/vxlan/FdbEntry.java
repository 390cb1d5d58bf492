package dev.podwire.backend.vxlan;

import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import java.util.Comparator;
import java.util.Objects;

/**
 * A permanent forwarding entry on the VTEP itself ({@code self}): frames for a peer's VTEP MAC are encapsulated
 * and sent to the peer's underlay address.
 *
 * @param mac the peer's VTEP MAC
 * @param dev the local VTEP
 * @param dst the peer's underlay address (its lease PublicIP), the outer destination
 */
public record FdbEntry(Mac mac, IfName dev, Ipv4 dst) implements Comparable<FdbEntry> {
    private static final Comparator<FdbEntry> ORDER = Comparator.comparing(FdbEntry::dev)
            .thenComparing(f -> f.mac().bits()).thenComparing(FdbEntry::dst);

    /** Validates. */
    public FdbEntry {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(dst, "dst");
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
