package dev.podwire.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One namespace's IPv4 route tables for the fake executor: {@code ip -batch -} lines {@code route add|replace|del}
 * change them, {@code ip -j route show} prints the main table in iproute2's JSON shape. Behaviour measured with iproute2
 * in a scratch namespace: {@code add} of an existing (destination, metric) fails with "RTNETLINK answers: File exists",
 * {@code del} of a missing route with "No such process"; a batch stops at the first failing line, keeping the lines
 * before it (it is not atomic); a route with a device and no gateway gets scope link; keys that hold iproute2's
 * defaults (type unicast, protocol boot, scope global, metric 0) are left out. Links are not modelled: any device is
 * accepted, and the kernel's connected routes exist only if a batch adds them ({@code proto kernel scope link src}).
 */
final class FakeRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("unicast", "blackhole", "unreachable", "prohibit", "local",
            "broadcast", "throw");

    /** One route, with iproute2's defaults filled in. */
    private record Route(String table, String type, Cidr dst, Optional<Ipv4> gateway, Optional<String> dev,
            String protocol, String scope, int metric, Optional<Ipv4> prefsrc, boolean onlink) {
        boolean sameKey(Route o) {
            return table.equals(o.table) && dst.equals(o.dst) && metric == o.metric;
        }
    }

    /** A {@code route del} selector: what was given must match. */
    private record Selector(String table, Cidr dst, Optional<String> type, Optional<Ipv4> gateway,
            Optional<String> dev, Optional<Integer> metric) {
        boolean matches(Route r) {
            return r.table().equals(table) && r.dst().equals(dst) && type.map(r.type()::equals).orElse(true)
                    && gateway.map(g -> r.gateway().equals(Optional.of(g))).orElse(true)
                    && dev.map(d -> r.dev().equals(Optional.of(d))).orElse(true)
                    && metric.map(m -> r.metric() == m).orElse(true);
        }
    }

    private final List<Route> routes = new ArrayList<>();

    /** Applies an {@code ip -batch} input's route lines (others are ignored); {@return the batch's result} */
    Result batch(Command c) {
        int lineNo = 0;
        for (String raw : c.stdin().split("\n")) {
            lineNo++;
            List<String> w = List.of(raw.strip().split("\\s+"));
            if (w.size() < 2 || !w.getFirst().equals("route")) {
                continue;
            }
            Optional<String> error;
            try {
                error = apply(w.get(1), w.subList(2, w.size()));
            } catch (IllegalArgumentException e) {
                error = Optional.of("Error: " + e.getMessage());
            }
            if (error.isPresent()) {
                return new Result(c, 1, "", error.get() + "\nCommand failed -:" + lineNo + "\n");
            }
        }
        return new Result(c, 0, "", "");
    }

    /** {@return {@code ip -j route show}: the main table, sorted as the kernel's FIB lists it} */
    String json() {
        ArrayNode out = JSON.createArrayNode();
        routes.stream().filter(r -> r.table().equals("main"))
                .sorted(Comparator.comparing(Route::dst).thenComparingInt(Route::metric))
                .forEach(r -> {
                    ObjectNode o = out.addObject();
                    if (!r.type().equals("unicast")) {
                        o.put("type", r.type());
                    }
                    o.put("dst", r.dst().prefixLength() == 0 ? "default"
                            : r.dst().prefixLength() == 32 ? r.dst().address().toString() : r.dst().toString());
                    r.gateway().ifPresent(g -> o.put("gateway", g.toString()));
                    r.dev().ifPresent(d -> o.put("dev", d));
                    if (!r.protocol().equals("boot")) {
                        o.put("protocol", r.protocol());
                    }
                    if (!r.scope().equals("global")) {
                        o.put("scope", r.scope());
                    }
                    if (r.metric() != 0) {
                        o.put("metric", r.metric());
                    }
                    r.prefsrc().ifPresent(s -> o.put("prefsrc", s.toString()));
                    ArrayNode flags = o.putArray("flags");
                    if (r.onlink()) {
                        flags.add("onlink");
                    }
                });
        return out.toString();
    }

    private Optional<String> apply(String verb, List<String> spec) {
        Route route = parse(spec);
        switch (verb) {
            case "add" -> {
                if (routes.stream().anyMatch(route::sameKey)) {
                    return Optional.of("RTNETLINK answers: File exists");
                }
                routes.add(route);
            }
            case "replace" -> {
                routes.removeIf(route::sameKey);
                routes.add(route);
            }
            case "del", "delete" -> {
                Selector s = selector(spec, route);
                Optional<Route> hit = routes.stream().filter(s::matches).findFirst();
                if (hit.isEmpty()) {
                    return Optional.of("RTNETLINK answers: No such process");
                }
                routes.remove(hit.get());
            }
            default -> throw new IllegalArgumentException("FakeExecutor: ip route " + verb + " is not modelled");
        }
        return Optional.empty();
    }

    private static Route parse(List<String> w) {
        int i = 0;
        String type = "unicast";
        if (i < w.size() && TYPES.contains(w.get(i))) {
            type = w.get(i++);
        }
        if (i >= w.size()) {
            throw new IllegalArgumentException("need at least a destination address.");
        }
        String to = w.get(i++);
        Cidr dst = to.equals("default") ? Cidr.strict("0.0.0.0/0") : Cidr.strict(to.contains("/") ? to : to + "/32");
        Optional<Ipv4> gateway = Optional.empty();
        Optional<String> dev = Optional.empty();
        Optional<Ipv4> prefsrc = Optional.empty();
        Optional<String> scope = Optional.empty();
        String protocol = "boot";
        String table = "main";
        int metric = 0;
        boolean onlink = false;
        while (i < w.size()) {
            String key = w.get(i++);
            if (key.equals("onlink")) {
                onlink = true;
                continue;
            }
            if (i >= w.size()) {
                throw new IllegalArgumentException("argument \"" + key + "\" is wrong: missing value");
            }
            String value = w.get(i++);
            switch (key) {
                case "via" -> gateway = Optional.of(Ipv4.parse(value.equals("inet") ? w.get(i++) : value));
                case "dev", "oif" -> dev = Optional.of(value);
                case "metric", "priority", "preference" -> metric = Integer.parseInt(value);
                case "proto", "protocol" -> protocol = value;
                case "scope" -> scope = Optional.of(value);
                case "src" -> prefsrc = Optional.of(Ipv4.parse(value));
                case "table" -> table = value;
                default -> throw new IllegalArgumentException("either \"to\" is duplicate, or \"" + key
                        + "\" is a garbage.");
            }
        }
        // The kernel's default scope: link for a route straight out of a device, host for local, global otherwise.
        String defaultScope = type.equals("local") ? "host"
                : type.equals("unicast") && gateway.isEmpty() && dev.isPresent() ? "link" : "global";
        return new Route(table, type, dst, gateway, dev, protocol, scope.orElse(defaultScope), metric, prefsrc, onlink);
    }

    private static Selector selector(List<String> w, Route parsed) {
        Optional<String> type = TYPES.contains(w.getFirst()) ? Optional.of(w.getFirst()) : Optional.empty();
        Optional<Integer> metric = w.contains("metric") || w.contains("priority") || w.contains("preference")
                ? Optional.of(parsed.metric()) : Optional.empty();
        return new Selector(parsed.table(), parsed.dst(), type, parsed.gateway(), parsed.dev(), metric);
    }
}
