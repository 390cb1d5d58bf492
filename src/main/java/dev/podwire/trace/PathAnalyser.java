package dev.podwire.trace;

import dev.podwire.net.Ipv4;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the traversals the kernel reported in every watched place into the probe's path. Pure.
 *
 * <p>Only the first packet of each direction is followed (the SYN and what answers it; the echo request and its
 * reply): in each place, the first traversal of that kind. Places are ordered along the path by the TTL the packet
 * had on entering them (each forward lowers it by one; crossing a veth or a VXLAN tunnel does not), with the place
 * that created the packet first. Monitor output carries no usable timestamps across namespaces, but the TTL is the
 * packet's own hop count.
 */
public final class PathAnalyser {
    private static final Pattern TO_DESTINATION = Pattern.compile("--to-destination (\\d+\\.\\d+\\.\\d+\\.\\d+)");
    private static final Pattern COMMENT = Pattern.compile("--comment \"([^\"]*)\"");

    private PathAnalyser() {
    }

    /** {@return the request's traversals in path order} */
    public static List<Observation> request(List<Observation> all) {
        return ordered(all, EnumSet.of(PacketKind.REQUEST));
    }

    /** {@return the reply's (or the ICMP error's) traversals in path order} */
    public static List<Observation> reply(List<Observation> all) {
        return ordered(all, EnumSet.of(PacketKind.REPLY, PacketKind.ICMP_ERROR));
    }

    private static List<Observation> ordered(List<Observation> all, Set<PacketKind> kinds) {
        Map<Place, Observation> first = new LinkedHashMap<>();
        for (Observation o : all) {
            if (kinds.contains(o.traversal().kind())) {
                first.putIfAbsent(o.place(), o);
            }
        }
        List<Observation> left = new ArrayList<>(first.values());
        left.sort(Comparator.comparing((Observation o) -> !o.traversal().local())
                .thenComparing(o -> -o.traversal().first().ttl()));
        // Follow the packet: the next place is one that received exactly what the current one sent (a bridge with
        // br_netfilter keeps the TTL, so TTL alone cannot order two places); otherwise the highest TTL left.
        List<Observation> out = new ArrayList<>();
        while (!left.isEmpty()) {
            Observation next = left.getFirst();
            if (!out.isEmpty()) {
                String sent = out.getLast().traversal().last().tuple();
                next = left.stream().filter(o -> o.traversal().first().tuple().equals(sent)).findFirst()
                        .orElse(next);
            }
            out.add(next);
            left.remove(next);
        }
        return List.copyOf(out);
    }

    /** {@return how a traversal ended} */
    public static Outcome outcome(Traversal t) {
        Optional<RuleHit> drop = t.drop();
        if (drop.isPresent()) {
            return new Outcome.Dropped(drop.get());
        }
        if (t.reached(TraceTable.INPUT)) {
            return new Outcome.Delivered();
        }
        if (t.reached(TraceTable.FORWARD) || t.reached(TraceTable.POSTROUTING)) {
            String dev = t.last().out().orElse("?");
            return t.local() ? new Outcome.Sent(dev) : new Outcome.Forwarded(dev);
        }
        return new Outcome.Vanished();
    }

    /** {@return the route lookup that explains a hop: where it went, or why it went nowhere} */
    public static Optional<RouteQuery> routeQuery(Observation o) {
        Traversal t = o.traversal();
        return switch (outcome(t)) {
            case Outcome.Forwarded f -> Optional.of(new RouteQuery(o.place(), t.last().dst(), t.first().src(),
                    t.first().in()));
            case Outcome.Sent s -> Optional.of(new RouteQuery(o.place(), t.last().dst(), t.first().src(),
                    Optional.empty()));
            case Outcome.Vanished v -> Optional.of(new RouteQuery(o.place(), dnatTarget(t).orElse(t.first().dst()),
                    t.first().src(), t.first().in()));
            case Outcome.Delivered d -> Optional.empty();
            case Outcome.Dropped d -> Optional.empty();
        };
    }

    private static Optional<Ipv4> dnatTarget(Traversal t) {
        Optional<Ipv4> to = Optional.empty();
        for (RuleHit h : t.hits()) {
            Matcher m = TO_DESTINATION.matcher(h.rule().orElse(""));
            if (m.find()) {
                to = Ipv4.tryParse(m.group(1));
            }
        }
        return to;
    }

    /**
     * {@return the whole path with its verdict}
     *
     * @param routes the kernel's answers to {@link #routeQuery} for the hops that needed one
     * @param encapsulations the VXLAN headers of hops that left through a VXLAN device
     * @param service the Service whose ClusterIP the probe was sent to, if it was sent to one
     */
    public static TracePath build(String source, String target, ProbeSpec probe, String client,
            List<Observation> request,
            List<Observation> reply, Map<Observation, RouteLookup> routes,
            Map<Observation, Encapsulation> encapsulations, List<ConntrackEntry> conntrack,
            Optional<ServiceAddress> service) {
        List<Hop> req = request.stream().map(o -> hop(o, routes, encapsulations)).toList();
        List<Hop> rep = reply.stream().map(o -> hop(o, routes, encapsulations)).toList();
        return new TracePath(source, target, probe, client, req, rep, conntrack, Verdicts.decide(probe, req, rep,
                service));
    }

    private static Hop hop(Observation o, Map<Observation, RouteLookup> routes, Map<Observation, Encapsulation> encaps) {
        Traversal t = o.traversal();
        List<RuleHit> rules = t.hits().stream()
                .filter(h -> !h.table().equals(TraceTable.NAME))
                .filter(h -> h.kind() == RuleHit.Kind.RULE || h.drops())
                .toList();
        return new Hop(o.place(), t.kind(), t.first(), t.last(), rules, outcome(t), Optional.ofNullable(routes.get(o)),
                Optional.ofNullable(encaps.get(o)));
    }

    /** {@return the {@code --comment} of a rule, if it has one} */
    static Optional<String> comment(RuleHit hit) {
        Matcher m = COMMENT.matcher(hit.rule().orElse(""));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
