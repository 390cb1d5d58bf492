package dev.podwire.ipam;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.Objects;

/** The outcome of asking for an address: one was assigned, or the range is full. */
public sealed interface Allocation {

    /**
     * An address to reserve for the container.
     *
     * @param ip the address
     */
    record Assigned(Ipv4 ip) implements Allocation {
        /** Validates. */
        public Assigned {
            Objects.requireNonNull(ip, "ip");
        }
    }

    /**
     * Every address of the range is reserved (host-local: {@code no IP addresses available in range set}).
     *
     * @param subnet the full range's subnet
     */
    record Exhausted(Cidr subnet) implements Allocation {
        /** Validates. */
        public Exhausted {
            Objects.requireNonNull(subnet, "subnet");
        }
    }
}
