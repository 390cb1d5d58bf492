package dev.podwire.backend;

import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.Objects;

/** Where a route sends packets. */
public sealed interface NextHop {

    /**
     * Through a gateway on a directly connected subnet ({@code via <gw> dev <dev>}); host-gw's routes.
     *
     * @param gateway the next router, reachable on {@code dev}'s subnet
     * @param dev the outgoing interface
     */
    record Via(Ipv4 gateway, IfName dev) implements NextHop {
        /** Validates. */
        public Via {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(dev, "dev");
        }
    }

    /**
     * Through a gateway the kernel must treat as on-link even though no subnet covers it
     * ({@code via <gw> dev <dev> onlink}); vxlan's routes via a peer's VTEP address.
     *
     * @param gateway the next hop
     * @param dev the outgoing interface
     */
    record OnLink(Ipv4 gateway, IfName dev) implements NextHop {
        /** Validates. */
        public OnLink {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(dev, "dev");
        }
    }

    /**
     * Straight out of an interface, destinations resolved by ARP ({@code dev <dev>}).
     *
     * @param dev the outgoing interface
     */
    record Direct(IfName dev) implements NextHop {
        /** Validates. */
        public Direct {
            Objects.requireNonNull(dev, "dev");
        }
    }

    /** Silently dropped ({@code blackhole}); flannel's {@code --ip-blackhole-route} for its own subnet. */
    record Blackhole() implements NextHop {
    }
}
