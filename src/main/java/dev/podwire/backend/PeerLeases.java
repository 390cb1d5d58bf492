package dev.podwire.backend;

import dev.podwire.net.Ipv4;
import dev.podwire.subnet.Lease;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The peers a lease-driven backend may route to, with flannel's common checks made once for every backend: its own
 * lease is skipped, leases of another backend type are ignored (with the backend's own log text), and a peer whose
 * subnet overlaps this node's or whose PublicIP is one of this node's own addresses becomes an error instead of a
 * route. What is left is for the backend's own checks and plan.
 *
 * @param usable the peers of this backend's type that passed the common checks, sorted by subnet
 * @param ignored leases of other backends, as flannel skips them
 * @param errors peers that cannot be routed, and why
 */
public record PeerLeases(List<Lease> usable, List<IgnoredLease> ignored, List<PeerError> errors) {

    /** Copies. */
    public PeerLeases {
        usable = List.copyOf(usable);
        ignored = List.copyOf(ignored);
        errors = List.copyOf(errors);
    }

    /**
     * {@return the peers of {@code self} among {@code all}}
     *
     * @param type the lease {@code BackendType} the backend accepts, e.g. {@code host-gw}
     * @param ignoredReason flannel's log line for a lease of another type (each backend words it its own way)
     * @param own this node's addresses (its PublicIP, its VTEP's local address)
     * @throws IllegalArgumentException when two leases name the same subnet
     */
    public static PeerLeases select(Lease self, Collection<Lease> all, String type,
            Function<Lease, String> ignoredReason, Set<Ipv4> own) {
        Objects.requireNonNull(self, "self");
        List<Lease> usable = new ArrayList<>();
        List<IgnoredLease> ignored = new ArrayList<>();
        List<PeerError> errors = new ArrayList<>();
        Set<dev.podwire.net.Cidr> seen = new HashSet<>();
        for (Lease peer : all.stream().sorted().toList()) {
            if (!seen.add(peer.subnet())) {
                throw new IllegalArgumentException("all: two leases for " + peer.subnet()
                        + " (expected: one lease per subnet)");
            }
            if (peer.subnet().equals(self.subnet())) {
                continue;
            }
            Ipv4 publicIp = peer.attrs().publicIp();
            if (!peer.attrs().backendType().equals(type)) {
                ignored.add(new IgnoredLease(peer, ignoredReason.apply(peer)));
            } else if (peer.subnet().overlaps(self.subnet())) {
                errors.add(new PeerError(peer, "lease " + peer.subnet() + " of " + publicIp
                        + " overlaps this node's subnet " + self.subnet() + "; not routed"));
            } else if (own.contains(publicIp)) {
                errors.add(new PeerError(peer, "lease " + peer.subnet() + " has this node's own PublicIP "
                        + publicIp + " (two nodes with one address? check --iface / node-public-ip); not routed"));
            } else {
                usable.add(peer);
            }
        }
        return new PeerLeases(usable, ignored, errors);
    }
}
