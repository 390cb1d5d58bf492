package dev.podwire.backend;

import dev.podwire.host.ip.IpRoute;
import java.util.List;

/** Renders route changes as {@code ip -batch} input. Pure and deterministic. */
public final class RouteRenderer {
    private RouteRenderer() {
    }

    /**
     * {@return one {@code ip -batch} line per change, sorted by destination, each ending in {@code \n}}; empty for
     * no changes. Only idempotent {@code route replace} and exact {@code route del} lines are produced, because
     * {@code ip -batch} stops at the first failing line and is not atomic.
     */
    public static String render(List<RouteChange> changes) {
        StringBuilder out = new StringBuilder();
        changes.stream().sorted().forEach(c -> out.append(line(c)).append('\n'));
        return out.toString();
    }

    /** {@return a whole plan as replace lines, for a node with none of its routes yet} */
    public static String render(RoutePlan plan) {
        return render(plan.desired().stream().<RouteChange>map(RouteChange.Replace::new).toList());
    }

    /** {@return the {@code ip -batch} line for one change, without newline} */
    public static String line(RouteChange change) {
        return switch (change) {
            case RouteChange.Replace(var route) -> "route replace " + spec(route);
            case RouteChange.Delete(var route) -> "route del " + deleteSpec(route);
        };
    }

    static String spec(Route route) {
        return switch (route.hop()) {
            case NextHop.Blackhole _ -> "blackhole " + route.dst();
            default -> route.dst() + " " + target(route.hop());
        };
    }

    static String target(NextHop hop) {
        return switch (hop) {
            case NextHop.Via(var gw, var dev) -> "via " + gw + " dev " + dev;
            case NextHop.OnLink(var gw, var dev) -> "via " + gw + " dev " + dev + " onlink";
            case NextHop.Direct(var dev) -> "dev " + dev;
            case NextHop.Blackhole _ -> "blackhole";
        };
    }

    private static String deleteSpec(IpRoute route) {
        StringBuilder s = new StringBuilder();
        if (!route.type().equals("unicast")) {
            s.append(route.type()).append(' ');
        }
        s.append(route.dst());
        route.gateway().ifPresent(gw -> s.append(" via ").append(gw));
        route.dev().ifPresent(dev -> s.append(" dev ").append(dev));
        if (route.metric() != 0) {
            s.append(" metric ").append(route.metric());
        }
        return s.toString();
    }
}
