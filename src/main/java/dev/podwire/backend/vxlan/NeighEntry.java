package dev.podwire.backend.vxlan;

import dev.podwire.host.ip.IpNeigh;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A permanent ARP entry on the VTEP: a peer's VTEP address ({@code <peer subnet>.0}) resolves to its VTEP MAC, so
 * the kernel never ARPs across the overlay.
 *
 * @param ip the peer's VTEP address
 * @param mac the peer's VTEP MAC
 * @param dev the local VTEP
 */
public record NeighEntry(Ipv4 ip, Mac mac, IfName dev) implements Comparable<NeighEntry> {
    private static final Comparator<NeighEntry> ORDER = Comparator.comparing(NeighEntry::dev)
            .thenComparing(NeighEntry::ip).thenComparing(n -> n.mac().bits());

    /** Validates. */
    public NeighEntry {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(dev, "dev");
    }

    /** {@return whether the kernel entry {@code have} is exactly this entry: same address, device and MAC, permanent} */
    public boolean satisfiedBy(IpNeigh have) {
        return ip.equals(have.ip()) && dev.equals(have.dev()) && have.lladdr().equals(Optional.of(mac))
                && have.permanent();
    }

    /** Orders by device, then address. */
    @Override
    public int compareTo(NeighEntry other) {
        return ORDER.compare(this, other);
    }

    /** {@return the entry as {@code ip neigh} takes it: {@code <ip> lladdr <mac> dev <dev> nud permanent}} */
    @Override
    public String toString() {
        return ip + " lladdr " + mac + " dev " + dev + " nud permanent";
    }
}
