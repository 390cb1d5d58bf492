package dev.podwire.host.ip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podwire.host.Command;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.net.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A link as the kernel reports it ({@code ip -j link show}, or {@code ip -j addr show}, which adds the addresses;
 * with {@code -d}, the link type and its attributes).
 *
 * @param name the link name
 * @param flags the link flags as ip prints them ({@code UP}, {@code LOWER_UP}, {@code BROADCAST}, ...), sorted
 * @param mtu the link MTU
 * @param mac the link's Ethernet address; empty for links of other types
 * @param master the bridge (or bond) the link is a port of, if any
 * @param kind the link type ({@code linkinfo.info_kind}: {@code vxlan}, {@code veth}, {@code bridge}, ...); empty
 *     for a plain device or when read without {@code -d}
 * @param vxlan the vxlan attributes, present exactly when {@code kind} is {@code vxlan}
 * @param addresses the IPv4 addresses on the link with their prefix lengths, sorted; empty when read from
 *     {@code link show}
 */
public record IpLink(IfName name, List<String> flags, int mtu, Optional<Mac> mac, Optional<IfName> master,
        String kind, Optional<Vxlan> vxlan, List<Address> addresses) {

    /** Validates, copies and sorts. */
    public IpLink {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(vxlan, "vxlan");
        flags = flags.stream().sorted().toList();
        addresses = addresses.stream().sorted().toList();
        if (vxlan.isPresent() != kind.equals("vxlan")) {
            throw new IllegalArgumentException("vxlan: " + vxlan + " (expected: present exactly when kind is vxlan,"
                    + " not " + kind + ")");
        }
    }

    /** {@return {@code ip -j link show}: every link} */
    public static Command command(Netns netns) {
        return Command.of(netns, "ip", "-j", "link", "show");
    }

    /** {@return {@code ip -j link show type <type>}: the links of one type, e.g. {@code veth}} */
    public static Command command(Netns netns, String type) {
        return Command.of(netns, "ip", "-j", "link", "show", "type", type);
    }

    /** {@return {@code ip -j addr show dev <dev>}: one link with its addresses} */
    public static Command addrCommand(Netns netns, IfName dev) {
        return Command.of(netns, "ip", "-j", "addr", "show", "dev", dev.value());
    }

    /** {@return {@code ip -j -d addr show dev <dev>}: one link with its addresses, type and attributes} */
    public static Command detailsCommand(Netns netns, IfName dev) {
        return Command.of(netns, "ip", "-j", "-d", "addr", "show", "dev", dev.value());
    }

    /**
     * {@return the links in {@code ip -j [-d] link show} or {@code addr show} output, in ip's order (by index)};
     * empty output means none.
     *
     * @throws IllegalArgumentException when the text is not a JSON array of link objects
     */
    public static List<IpLink> parse(String json) {
        List<IpLink> out = new ArrayList<>();
        for (JsonNode link : IpJson.array(json, "ip -j link")) {
            JsonNode info = link.path("linkinfo");
            String kind = IpJson.text(info, "info_kind", "");
            JsonNode data = info.path("info_data");
            Optional<Vxlan> vxlan = kind.equals("vxlan") ? Optional.of(new Vxlan(data.path("id").asInt(0),
                    IpJson.ipv4(data, "local"), IpJson.ifName(data, "link"), data.path("port").asInt(0),
                    data.path("learning").asBoolean(false), data.path("gbp").asBoolean(false),
                    data.path("l2miss").asBoolean(false))) : Optional.empty();
            List<Address> addresses = new ArrayList<>();
            for (JsonNode a : link.path("addr_info")) {
                if (a.path("family").asText().equals("inet")) {
                    addresses.add(new Address(Ipv4.parse(a.path("local").asText()), a.path("prefixlen").asInt()));
                }
            }
            out.add(new IpLink(IfName.of(link.path("ifname").asText()), IpJson.strings(link, "flags"),
                    link.path("mtu").asInt(), IpJson.mac(link, "address"), IpJson.ifName(link, "master"), kind,
                    vxlan, addresses));
        }
        return List.copyOf(out);
    }

    /**
     * {@return the link in output for one device ({@code ... show dev <name>}), empty when the output is blank or
     * {@code []}}
     *
     * @throws IllegalArgumentException when the text is not ip's JSON for at most one link
     */
    public static Optional<IpLink> parseOne(String json) {
        List<IpLink> links = parse(json);
        if (links.size() > 1) {
            throw new IllegalArgumentException("ip -j link: " + links.size()
                    + " links (expected: at most one; ask for one device with dev <name>)");
        }
        return links.stream().findFirst();
    }

    /** {@return whether the link is administratively up (flag {@code UP})} */
    public boolean up() {
        return flags.contains("UP");
    }

    /**
     * A vxlan link's attributes ({@code linkinfo.info_data}).
     *
     * @param vni the VXLAN id
     * @param local the source address, if set
     * @param underlayDev the lower device ({@code link}), if set
     * @param port the UDP destination port, 0 if ip does not say
     * @param learning whether MAC learning is on
     * @param gbp whether group-based policy is on
     * @param l2miss whether L2 miss notifications are on
     */
    public record Vxlan(int vni, Optional<Ipv4> local, Optional<IfName> underlayDev, int port, boolean learning,
            boolean gbp, boolean l2miss) {
        /** Validates. */
        public Vxlan {
            Objects.requireNonNull(local, "local");
            Objects.requireNonNull(underlayDev, "underlayDev");
        }
    }

    /**
     * An interface address with its prefix length, host bits kept ({@code 10.244.1.5/24}).
     *
     * @param local the address
     * @param prefixLength 0..32
     */
    public record Address(Ipv4 local, int prefixLength) implements Comparable<Address> {
        /** Validates. */
        public Address {
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
        public int compareTo(Address other) {
            int c = local.compareTo(other.local);
            return c != 0 ? c : Integer.compare(prefixLength, other.prefixLength);
        }

        /** {@return {@code a.b.c.d/n}} */
        @Override
        public String toString() {
            return local + "/" + prefixLength;
        }
    }
}
