package dev.podwire.netfilter;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Walks a connection's first packet through a parsed ruleset the way netfilter would, like kube-proxy's {@code
 * tracePacket} test helper: nat PREROUTING (or OUTPUT for the host's own packets), which may DNAT; then filter
 * INPUT, FORWARD or OUTPUT on the translated destination; then nat POSTROUTING, which may masquerade. Trace what a
 * node holds (its {@code iptables-save}, or the stateful test executor's), jump rules included: a built-in chain
 * missing from the ruleset is empty. The packet's conntrack state is NEW (plus DNAT once translated). Pure:
 * randomness for {@code -m statistic} comes from the caller, {@code -m recent} lists are passed in.
 */
public final class PacketTracer {
    private static final int MAX_DEPTH = 64;
    private static final Cidr LOOPBACK = Cidr.parse("127.0.0.0/8");

    private final Ruleset dump;
    private final Set<Ipv4> localAddresses;

    /**
     * @param dump the ruleset, e.g. {@code Ruleset.parse(iptablesSave)}
     * @param localAddresses the node's own addresses ({@code -m addrtype LOCAL}, and INPUT vs FORWARD); 127/8 is
     *     always local
     */
    public PacketTracer(Ruleset dump, Set<Ipv4> localAddresses) {
        this.dump = dump;
        this.localAddresses = Set.copyOf(localAddresses);
    }

    /** {@return the trace of {@code packet}; the source is in no {@code -m recent} list} */
    public TraceResult trace(TracePacket packet, RandomGenerator random) {
        return trace(packet, random, Set.of());
    }

    /**
     * {@return the trace of {@code packet}}
     *
     * @param random decides each {@code -m statistic --mode random} match ({@code nextDouble() < p})
     * @param recentLists the {@code -m recent} lists that already hold the packet's source (for {@code --rcheck})
     */
    public TraceResult trace(TracePacket packet, RandomGenerator random, Set<String> recentLists) {
        Run run = new Run(packet, random, recentLists);
        // 1. nat PREROUTING / OUTPUT: the service dispatch; DNAT changes the destination.
        Optional<RuleTarget> nat = run.walkBuiltIn("nat", packet.fromHost() ? "OUTPUT" : "PREROUTING");
        if (nat.orElse(null) instanceof RuleTarget.Dnat(Ipv4 ip, var port)) {
            run.destination = ip;
            run.port = port.orElse(packet.destinationPort());
            run.dnated = true;
        }
        // 2. filter, on the translated destination.
        String filterChain = packet.fromHost() ? "OUTPUT" : isLocal(run.destination) ? "INPUT" : "FORWARD";
        Optional<RuleTarget> filter = run.walkBuiltIn("filter", filterChain);
        TraceVerdict verdict = switch (filter.orElse(null)) {
            case RuleTarget.Drop d -> new TraceVerdict.Drop();
            case RuleTarget.Reject r -> new TraceVerdict.Reject();
            case RuleTarget.Accept a when !run.dnated -> new TraceVerdict.Accept();
            case null, default -> run.dnated ? new TraceVerdict.Dnat(run.destination, run.port)
                    : new TraceVerdict.NoMatch();
        };
        // 3. nat POSTROUTING, only for packets that leave (not delivered to the node itself).
        boolean masq = false;
        boolean delivered = verdict instanceof TraceVerdict.Dnat || verdict instanceof TraceVerdict.Accept
                || verdict instanceof TraceVerdict.NoMatch;
        if (delivered && !filterChain.equals("INPUT")) {
            masq = run.walkBuiltIn("nat", "POSTROUTING").orElse(null) instanceof RuleTarget.Masquerade;
        }
        return new TraceResult(run.steps, verdict, masq, run.recentSet);
    }

    private boolean isLocal(Ipv4 ip) {
        return LOOPBACK.contains(ip) || localAddresses.contains(ip);
    }

    /** One packet's mutable walk state. */
    private final class Run {
        final TracePacket packet;
        final RandomGenerator random;
        final Set<String> recentLists;
        final List<TraceStep> steps = new ArrayList<>();
        final Set<String> recentSet = new TreeSet<>();
        Ipv4 destination;
        int port;
        int mark;
        boolean dnated;

        Run(TracePacket packet, RandomGenerator random, Set<String> recentLists) {
            this.packet = packet;
            this.random = random;
            this.recentLists = new HashSet<>(recentLists);
            this.destination = packet.destination();
            this.port = packet.destinationPort();
        }

        /** Runs a built-in chain; {@return the terminating target, if one decided} */
        Optional<RuleTarget> walkBuiltIn(String table, String chain) {
            Optional<Ruleset.Table> t = dump.table(table);
            return t.isEmpty() ? Optional.empty() : walk(t.get(), chain, dump.rules(table, chain), 0);
        }

        private Optional<RuleTarget> walk(Ruleset.Table table, String chain, List<Rule> rules,
                int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalStateException("jump depth > " + MAX_DEPTH + " at " + chain + " (a loop?)");
            }
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                if (!rule.matches().stream().allMatch(this::matches)) {
                    continue;
                }
                steps.add(new TraceStep(table.name(), chain, i + 1, rule.text()));
                switch (rule.target()) {
                    case RuleTarget.None n -> { }
                    case RuleTarget.SetMark m -> mark = m.apply(mark);
                    case RuleTarget.Return r -> {
                        return Optional.empty();
                    }
                    case RuleTarget.Jump(String target) -> {
                        List<Rule> sub = table.chain(target).map(Ruleset.Chain::rules)
                                .orElse(List.of());
                        Optional<RuleTarget> decided = walk(table, target, sub, depth + 1);
                        if (decided.isPresent()) {
                            return decided;
                        }
                    }
                    case RuleTarget.Accept a -> {
                        return Optional.of(a);
                    }
                    case RuleTarget.Drop d -> {
                        return Optional.of(d);
                    }
                    case RuleTarget.Reject r -> {
                        return Optional.of(r);
                    }
                    case RuleTarget.Dnat d -> {
                        return Optional.of(d);
                    }
                    case RuleTarget.Masquerade m -> {
                        return Optional.of(m);
                    }
                    case RuleTarget.Other o -> { }
                }
            }
            return Optional.empty();
        }

        private boolean matches(RuleMatch m) {
            return switch (m) {
                case RuleMatch.Source(Cidr c, boolean neg) -> c.contains(packet.source()) != neg;
                case RuleMatch.Destination(Cidr c, boolean neg) -> c.contains(destination) != neg;
                case RuleMatch.Protocol(String p, boolean neg) -> p.equals(packet.protocol().lower()) != neg;
                case RuleMatch.DestinationPort(int p, boolean neg) -> (p == port) != neg;
                case RuleMatch.Comment c -> true;
                case RuleMatch.AddrType(boolean src, String type, boolean neg) ->
                    (type.equals("LOCAL") && isLocal(src ? packet.source() : destination)) != neg;
                case RuleMatch.Statistic(double p) -> random.nextDouble() < p;
                case RuleMatch.Recent(String name, boolean set, var seconds) -> {
                    if (set) {
                        recentSet.add(name);
                        yield true;
                    }
                    yield recentLists.contains(name);
                }
                case RuleMatch.Mark(int value, int mask, boolean neg) -> ((mark & mask) == value) != neg;
                case RuleMatch.Conntrack(Set<String> states, boolean neg) ->
                    (states.contains("NEW") || (dnated && states.contains("DNAT"))) != neg;
                // nfacct only counts; interfaces and anything else are unknown to the tracer, so they do not match.
                case RuleMatch.Other(String module, var args) -> module.equals("nfacct");
            };
        }
    }
}
