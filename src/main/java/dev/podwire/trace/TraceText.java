package dev.podwire.trace;

import java.util.List;

/** Renders a {@link TracePath} as the hop-by-hop text {@code podwire trace} prints. Pure and deterministic. */
public final class TraceText {
    private TraceText() {
    }

    /** {@return the text, ending in a newline} */
    public static String render(TracePath path) {
        StringBuilder s = new StringBuilder();
        s.append("trace ").append(path.source()).append(" → ").append(path.target()).append(": ")
                .append(path.probe().display()).append('\n');
        s.append("client: ").append(path.client()).append('\n');
        section(s, "request", path.request());
        section(s, "reply", path.reply());
        if (!path.conntrack().isEmpty()) {
            s.append("\nconntrack\n");
            for (ConntrackEntry e : path.conntrack()) {
                s.append("  ").append(e.place()).append(": ").append(e.protocol())
                        .append(e.state().isEmpty() ? "" : " " + e.state()).append("  ")
                        .append(e.original().display()).append("  reply ").append(e.reply().display())
                        .append(e.dnat() ? "  DNAT" : "").append(e.snat() ? "  SNAT" : "").append('\n');
            }
        }
        Verdict v = path.verdict();
        s.append("\nverdict: ").append(v.status()).append(" (").append(v.where()).append(") — ")
                .append(v.explanation()).append('\n');
        if (!v.fix().isEmpty()) {
            s.append("fix: ").append(v.fix()).append('\n');
        }
        return s.toString();
    }

    private static void section(StringBuilder s, String title, List<Hop> hops) {
        s.append('\n').append(title);
        if (hops.isEmpty()) {
            s.append(": not seen in any watched namespace\n");
            return;
        }
        s.append('\n');
        int n = 1;
        for (Hop h : hops) {
            s.append(String.format("%3d  %s  [netns %s]%s%n", n++, h.place().label(), h.place().netns().name(),
                    h.kind() == PacketKind.ICMP_ERROR ? "  ICMP error" : ""));
            PacketHeader e = h.entered();
            line(s, h.entered().in().isPresent() ? "in" : "created",
                    e.in().map(i -> i + "  ").orElse("") + e.tuple() + flags(e) + "  ttl " + e.ttl());
            for (RuleHit r : h.rules()) {
                line(s, "rule", r.display());
            }
            h.route().ifPresent(r -> line(s, "route", r.display()));
            PacketHeader l = h.left();
            switch (h.outcome()) {
                case Outcome.Sent(var dev) -> line(s, "out", dev + "  " + l.tuple() + nat(h));
                case Outcome.Forwarded(var dev) -> line(s, "out", dev + "  " + l.tuple() + nat(h));
                case Outcome.Delivered d -> line(s, "local", "delivered to a socket: " + l.tuple() + nat(h));
                case Outcome.Dropped(var rule) -> line(s, "DROP", (rule.rule().orElse("").contains("-j REJECT")
                        ? "rejected" : "dropped") + " by " + rule.display());
                case Outcome.Vanished v -> line(s, "LOST", "not forwarded and not delivered (routing refused it)");
            }
            h.encapsulation().ifPresent(x -> line(s, "encap", x.display()));
        }
    }

    private static String nat(Hop h) {
        StringBuilder s = new StringBuilder();
        if (h.kind() != PacketKind.REQUEST) {
            boolean changed = !h.entered().tuple().equals(h.left().tuple());
            return changed ? "  (conntrack reversed the NAT: " + h.entered().tuple() + " → " + h.left().tuple() + ")"
                    : "";
        }
        if (!h.entered().dst().equals(h.left().dst()) || h.entered().dport() != h.left().dport()) {
            s.append("  (DNAT ").append(h.entered().dst()).append(':').append(h.entered().dport()).append(" → ")
                    .append(h.left().dst()).append(':').append(h.left().dport()).append(')');
        }
        if (!h.entered().src().equals(h.left().src()) || h.entered().sport() != h.left().sport()) {
            s.append("  (SNAT ").append(h.entered().src()).append(" → ").append(h.left().src()).append(')');
        }
        return s.toString();
    }

    private static String flags(PacketHeader h) {
        return h.flags().isEmpty() ? "" : " " + String.join(",", h.flags());
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(String.format("       %-8s%s%n", key, value));
    }
}
