package dev.podwire.backend.vxlan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A link named like the VTEP as the kernel reports it ({@code ip -j -d link show dev flannel.1}, or
 * {@code ip -j -d addr show dev flannel.1}, which adds the addresses). The vxlan attributes are 0/false/empty
 * when {@code kind} is not {@code vxlan}.
 *
 * @param name the link name
 * @param kind the link type ({@code linkinfo.info_kind}), {@code vxlan} for a VTEP; empty for a plain device
 * @param vni the VXLAN id
 * @param local the source address, if set
 * @param underlayDev the lower device ({@code link}), if set
 * @param port the UDP destination port, 0 if unknown
 * @param learning whether MAC learning is on
 * @param gbp whether group-based policy is on
 * @param l2miss whether L2 miss notifications are on (old flannel versions set them)
 * @param mac the link's address
 * @param mtu the link MTU
 * @param up whether the link is administratively up
 * @param addresses the IPv4 addresses on the link with their prefix lengths, sorted; empty when read from
 *     {@code link show}
 */
public record ObservedVtep(IfName name, String kind, int vni, Optional<Ipv4> local, Optional<IfName> underlayDev,
        int port, boolean learning, boolean gbp, boolean l2miss, Mac mac, int mtu, boolean up,
        List<IfAddress> addresses) {
    /** Validates, copies and sorts. */
    public ObservedVtep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(underlayDev, "underlayDev");
        Objects.requireNonNull(mac, "mac");
        addresses = addresses.stream().sorted().toList();
    }

    /**
     * An interface address with its prefix length, host bits kept ({@code 10.244.1.5/24}).
     *
     * @param local the address
     * @param prefixLength 0..32
     */
    public record IfAddress(Ipv4 local, int prefixLength) implements Comparable<IfAddress> {
        /** Validates. */
        public IfAddress {
            Objects.requireNonNull(local, "local");
            if (prefixLength < 0 || prefixLength > 32) {
                throw new IllegalArgumentException("prefixLength: " + prefixLength + " (expected: 0..32)");
            }
        }

        /** {@return whether this is exactly {@code cidr}'s address with its prefix length} */
        public boolean is(Cidr cidr) {
            return local.equals(cidr.address()) && prefixLength == cidr.prefixLength();
        }

        @Override
        public int compareTo(IfAddress other) {
            int c = local.compareTo(other.local);
            return c != 0 ? c : Integer.compare(prefixLength, other.prefixLength);
        }

        /** {@return {@code a.b.c.d/n}} */
        @Override
        public String toString() {
            return local + "/" + prefixLength;
        }
    }

    /**
     * {@return the link in {@code ip -j -d link show dev <name>} (or {@code addr show}) output, empty when the
     * output is blank or {@code []}}. Callers treat ip's "Device ... does not exist" (exit 1) as absent too.
     *
     * @throws IllegalArgumentException when the text is not ip's JSON for at most one link
     */
    public static Optional<ObservedVtep> parse(String ipJson) {
        ArrayNode array = IpJson.array(ipJson, "ip -j -d link");
        if (array.size() > 1) {
            throw new IllegalArgumentException("ip -j -d link: " + array.size()
                    + " links (expected: at most one; ask for one device with dev <name>)");
        }
        if (array.isEmpty()) {
            return Optional.empty();
        }
        JsonNode link = array.get(0);
        JsonNode data = link.path("linkinfo").path("info_data");
        boolean up = false;
        for (JsonNode flag : link.path("flags")) {
            up |= flag.asText().equals("UP");
        }
        List<IfAddress> addresses = new ArrayList<>();
        for (JsonNode a : link.path("addr_info")) {
            if (a.path("family").asText().equals("inet")) {
                addresses.add(new IfAddress(Ipv4.parse(a.path("local").asText()), a.path("prefixlen").asInt()));
            }
        }
        return Optional.of(new ObservedVtep(IfName.of(link.path("ifname").asText()),
                link.path("linkinfo").path("info_kind").asText(""),
                data.path("id").asInt(0),
                Ipv4.tryParse(data.path("local").asText("")),
                data.hasNonNull("link") ? Optional.of(IfName.of(data.get("link").asText())) : Optional.empty(),
                data.path("port").asInt(0),
                data.path("learning").asBoolean(false),
                data.path("gbp").asBoolean(false),
                data.path("l2miss").asBoolean(false),
                Mac.parse(link.path("address").asText()),
                link.path("mtu").asInt(),
                up,
                addresses));
    }
}
