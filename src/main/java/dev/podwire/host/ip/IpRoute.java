package dev.podwire.host.ip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podwire.host.Command;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 route as the kernel reports it ({@code ip -j route show}, {@code ip -j route get}), with iproute2's
 * defaults filled in for omitted keys.
 *
 * @param dst the destination ({@code default} becomes {@code 0.0.0.0/0}, a bare address {@code /32})
 * @param type {@code unicast} (omitted by ip), {@code blackhole}, {@code unreachable}, {@code local}, ...
 * @param gateway the {@code via} address, if any
 * @param dev the outgoing interface, if any (blackhole routes have none)
 * @param protocol who installed it: {@code boot} (omitted by ip; {@code ip route add} and flannel), {@code kernel},
 *     {@code static}, {@code dhcp}, {@code bird}, ...
 * @param scope {@code global} (omitted by ip), {@code link}, {@code host}
 * @param metric the priority, 0 when omitted
 * @param table the routing table: the one asked for when ip omits it ({@code main} by default)
 * @param prefsrc the preferred source address, if any ({@code ip route get} always names one)
 * @param flags route flags such as {@code onlink}, {@code linkdown}, sorted
 */
public record IpRoute(Cidr dst, String type, Optional<Ipv4> gateway, Optional<IfName> dev, String protocol,
        String scope, int metric, String table, Optional<Ipv4> prefsrc, List<String> flags) {
    private static final String MAIN = "main";

    /** Validates and sorts flags. */
    public IpRoute {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(prefsrc, "prefsrc");
        flags = flags.stream().sorted().toList();
        if (metric < 0) {
            throw new IllegalArgumentException("metric: " + metric + " (expected: >= 0)");
        }
    }

    /** {@return {@code ip -j route show}: the main table} */
    public static Command command(Netns netns) {
        return Command.of(netns, "ip", "-j", "route", "show");
    }

    /** {@return {@code ip -j route show table <table>}; {@code all} lists every table} */
    public static Command command(Netns netns, String table) {
        return Command.of(netns, "ip", "-j", "route", "show", "table", table);
    }

    /**
     * {@return {@code ip -j route get <args>}}: the route the kernel would use, e.g. for {@code 10.244.1.5 from
     * 10.244.0.4 iif cni0}; read its answer with {@link #parse(String)}
     */
    public static Command getCommand(Netns netns, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-j", "route", "get"));
        argv.addAll(args);
        return new Command(netns, argv, "");
    }

    /**
     * {@return the routes in {@code ip -j route show} (or {@code route get}) output, sorted by destination then
     * metric}, in table {@code main} unless ip names another. Entries whose {@code dst} is not IPv4 (IPv6, multicast
     * tables) are skipped; empty output means no routes.
     *
     * @throws IllegalArgumentException when the text is not a JSON array of route objects
     */
    public static List<IpRoute> parse(String json) {
        return parse(json, MAIN);
    }

    /**
     * {@return the routes in {@code ip -j route show table <table>} output}, as {@link #parse(String)}: ip names the
     * table of an entry only when it differs from the one asked for ({@code main} for {@code table all}).
     */
    public static List<IpRoute> parse(String json, String table) {
        String omitted = table.equals("all") ? MAIN : table;
        List<IpRoute> routes = new ArrayList<>();
        for (JsonNode node : IpJson.array(json, "ip -j route")) {
            destination(IpJson.text(node, "dst", "")).ifPresent(dst -> routes.add(new IpRoute(dst,
                    IpJson.text(node, "type", "unicast"),
                    IpJson.ipv4(node, "gateway"),
                    IpJson.ifName(node, "dev"),
                    IpJson.text(node, "protocol", "boot"),
                    IpJson.text(node, "scope", "global"),
                    node.path("metric").asInt(0),
                    IpJson.text(node, "table", omitted),
                    IpJson.ipv4(node, "prefsrc"),
                    IpJson.strings(node, "flags"))));
        }
        // A stable sort: entries of one destination and metric (in different tables) keep ip's order.
        routes.sort(Comparator.comparing(IpRoute::dst).thenComparingInt(IpRoute::metric));
        return List.copyOf(routes);
    }

    /** {@return whether the route carries the {@code onlink} flag} */
    public boolean onLink() {
        return flags.contains("onlink");
    }

    private static Optional<Cidr> destination(String text) {
        if (text.equals("default")) {
            return Optional.of(Cidr.parse("0.0.0.0/0"));
        }
        return text.contains("/") ? Cidr.tryParse(text) : Ipv4.tryParse(text).map(ip -> new Cidr(ip, 32));
    }
}
