package dev.podwire.trace;

import dev.podwire.net.Ipv4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses what {@code xtables-monitor --trace} printed in one namespace into {@link Traversal}s. The monitor prints a
 * {@code PACKET:} line each time a traced packet enters a hook and one {@code TRACE:} line per rule, policy or return
 * the kernel reports, all tagged with a trace id (a hash of the packet's buffer, the same at every hook of one pass
 * through the namespace). A traversal starts at the pass where one of our marking chains set {@code nftrace}; later
 * passes with the same id belong to it. Lines of other ids or before any mark are ignored.
 */
public final class KernelTraceParser {
    private static final Set<String> TCP_FLAGS = Set.of("SYN", "ACK", "FIN", "RST", "PSH", "URG");

    private KernelTraceParser() {
    }

    /** {@return the traversals in the order their first pass was printed} */
    public static List<Traversal> parse(String monitorOutput) {
        // TRACE lines of one pass can be interrupted by another packet's lines (a REJECT's ICMP error is traced
        // while the rejected packet's pass is still being printed), so each goes to the latest pass of its id.
        List<PendingPass> passes = new ArrayList<>();
        Map<String, PendingPass> latest = new LinkedHashMap<>();
        for (String raw : monitorOutput.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("PACKET:")) {
                packet(line).ifPresent(p -> {
                    passes.add(p);
                    latest.put(p.id, p);
                });
            } else if (line.startsWith("TRACE:")) {
                String[] head = line.split("\\s+", 4);
                PendingPass p = head.length < 4 ? null : latest.get(head[2]);
                if (p != null) {
                    hit(line).ifPresent(p.hits::add);
                }
            }
        }
        List<Building> done = new ArrayList<>();
        Map<String, Building> byId = new LinkedHashMap<>();
        passes.forEach(p -> attach(p, byId, done));
        return done.stream().map(b -> new Traversal(b.kind, b.passes)).toList();
    }

    private static void attach(PendingPass p, Map<String, Building> byId, List<Building> done) {
        HookPass pass = new HookPass(p.header, p.hits);
        Optional<PacketKind> mark = p.hits.isEmpty() || !p.hits.getFirst().table().equals(TraceTable.NAME)
                ? Optional.empty() : PacketKind.ofChain(p.hits.getFirst().chain());
        if (mark.isPresent()) {
            Building b = new Building(mark.get());
            b.passes.add(pass);
            byId.put(p.id, b);
            done.add(b);
            return;
        }
        for (int i = done.size() - 1; i >= 0; i--) {
            Building b = done.get(i);
            PacketHeader last = b.passes.getLast().header();
            if (byId.get(p.id) == b || last.ipId() == p.header.ipId() && last.length() == p.header.length()) {
                b.passes.add(pass);
                return;
            }
        }
    }

    private static Optional<PendingPass> packet(String line) {
        String[] tokens = line.split("\\s+");
        if (tokens.length < 3) {
            return Optional.empty();
        }
        Map<String, String> kv = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 3; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq > 0) {
                kv.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
            } else if (TCP_FLAGS.contains(tokens[i])) {
                flags.add(tokens[i]);
            }
        }
        Optional<Ipv4> src = Optional.ofNullable(kv.get("SRC")).flatMap(Ipv4::tryParse);
        Optional<Ipv4> dst = Optional.ofNullable(kv.get("DST")).flatMap(Ipv4::tryParse);
        if (src.isEmpty() || dst.isEmpty()) {
            return Optional.empty();
        }
        PacketHeader h = new PacketHeader(Optional.ofNullable(kv.get("IN")), Optional.ofNullable(kv.get("OUT")),
                src.get(), dst.get(), number(kv.get("SPORT")), number(kv.get("DPORT")), flags, number(kv.get("TTL")),
                number(kv.get("ID")), number(kv.get("LEN")));
        return Optional.of(new PendingPass(tokens[2], h));
    }

    /** Parses {@code TRACE: <family> <id> <table>:<chain>:<rule|policy|return>:...}. */
    private static Optional<RuleHit> hit(String line) {
        String[] head = line.split("\\s+", 4);
        if (head.length < 4) {
            return Optional.empty();
        }
        String body = head[3];
        int gap = body.indexOf("  ");
        String where = (gap < 0 ? body : body.substring(0, gap)).strip();
        Optional<String> rule = gap < 0 ? Optional.empty() : Optional.of(stripFamily(body.substring(gap).strip()))
                .filter(r -> !r.isEmpty());
        String[] parts = where.split(":");
        if (parts.length < 3) {
            return Optional.empty();
        }
        String table = parts[0];
        String chain = parts[1];
        return switch (parts[2]) {
            case "rule" -> parts.length < 5 ? Optional.empty() : Optional.of(new RuleHit(table, chain,
                    RuleHit.Kind.RULE, parts[4], parts.length > 5 ? Optional.of(parts[5]) : Optional.empty(), rule));
            case "policy" -> Optional.of(new RuleHit(table, chain, RuleHit.Kind.POLICY,
                    parts.length > 3 ? parts[3] : "ACCEPT", Optional.empty(), Optional.empty()));
            case "return" -> Optional.of(new RuleHit(table, chain, RuleHit.Kind.RETURN, "RETURN", Optional.empty(),
                    Optional.empty()));
            default -> Optional.empty();
        };
    }

    /** Drops the {@code -4 -t TABLE } prefix the monitor puts before {@code -A CHAIN ...}. */
    private static String stripFamily(String rule) {
        String r = rule.startsWith("-4 ") || rule.startsWith("-6 ") ? rule.substring(3) : rule;
        if (r.startsWith("-t ")) {
            int sp = r.indexOf(' ', 3);
            r = sp < 0 ? "" : r.substring(sp + 1);
        }
        return r.strip();
    }

    private static int number(String s) {
        return s == null || !s.matches("[0-9]{1,9}") ? 0 : Integer.parseInt(s);
    }

    private static final class PendingPass {
        final String id;
        final PacketHeader header;
        final List<RuleHit> hits = new ArrayList<>();

        PendingPass(String id, PacketHeader header) {
            this.id = id;
            this.header = header;
        }
    }

    private static final class Building {
        final PacketKind kind;
        final List<HookPass> passes = new ArrayList<>();

        Building(PacketKind kind) {
            this.kind = kind;
        }
    }
}
