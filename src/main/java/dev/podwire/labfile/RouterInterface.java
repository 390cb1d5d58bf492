package dev.podwire.labfile;

import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.Objects;

/**
 * One leg of an underlay router.
 *
 * @param segment the segment this interface plugs into
 * @param address the router's address on that segment
 * @param iface the interface name inside the router's namespace
 */
public record RouterInterface(String segment, Ipv4 address, IfName iface) {
    /** Validates. */
    public RouterInterface {
        NameRules.requireLabel("segment", segment, 63);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(iface, "iface");
    }
}
