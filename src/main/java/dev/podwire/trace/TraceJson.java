package dev.podwire.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Renders a {@link TracePath} as {@code podwire trace -o json} prints it; the schema is documented in
 * {@code docs/TRACE.md}. Pure and deterministic (fields in a fixed order).
 */
public final class TraceJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceJson() {
    }

    /** {@return the pretty-printed JSON document} */
    public static String render(TracePath path) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", path.source());
        root.put("target", path.target());
        ObjectNode probe = root.putObject("probe");
        probe.put("protocol", path.probe().protocol().label());
        probe.put("source", path.probe().source().toString());
        probe.put("sourcePort", path.probe().sourcePort());
        probe.put("target", path.probe().target().toString());
        probe.put("targetPort", path.probe().targetPort());
        root.put("client", path.client());
        hops(root.putArray("request"), path.request());
        hops(root.putArray("reply"), path.reply());
        ArrayNode ct = root.putArray("conntrack");
        for (ConntrackEntry e : path.conntrack()) {
            ObjectNode o = ct.addObject();
            o.put("place", e.place());
            o.put("protocol", e.protocol());
            o.put("state", e.state());
            tuple(o.putObject("original"), e.original());
            tuple(o.putObject("reply"), e.reply());
            o.put("dnat", e.dnat());
            o.put("snat", e.snat());
        }
        ObjectNode v = root.putObject("verdict");
        v.put("status", path.verdict().status().name().toLowerCase(java.util.Locale.ROOT));
        v.put("where", path.verdict().where());
        v.put("explanation", path.verdict().explanation());
        v.put("fix", path.verdict().fix());
        return root.toPrettyString() + "\n";
    }

    private static void hops(ArrayNode out, List<Hop> hops) {
        for (Hop h : hops) {
            ObjectNode o = out.addObject();
            o.put("place", h.place().label());
            o.put("netns", h.place().netns().name());
            o.put("kind", h.kind().name().toLowerCase(java.util.Locale.ROOT));
            header(o.putObject("entered"), h.entered());
            header(o.putObject("left"), h.left());
            ArrayNode rules = o.putArray("rules");
            for (RuleHit r : h.rules()) {
                ObjectNode ro = rules.addObject();
                ro.put("table", r.table());
                ro.put("chain", r.chain());
                ro.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
                ro.put("verdict", r.verdict());
                r.target().ifPresent(t -> ro.put("target", t));
                r.rule().ifPresent(t -> ro.put("rule", t));
            }
            ObjectNode outcome = o.putObject("outcome");
            outcome.put("result", Outcome.word(h.outcome()));
            switch (h.outcome()) {
                case Outcome.Sent(var dev) -> outcome.put("device", dev);
                case Outcome.Forwarded(var dev) -> outcome.put("device", dev);
                case Outcome.Dropped(var rule) -> outcome.put("rule", rule.display());
                case Outcome.Delivered d -> { }
                case Outcome.Vanished v -> { }
            }
            h.route().ifPresent(r -> {
                ObjectNode ro = o.putObject("route");
                ro.put("query", r.query());
                r.dev().ifPresent(d -> ro.put("dev", d));
                r.via().ifPresent(d -> ro.put("via", d.toString()));
                r.error().ifPresent(d -> ro.put("error", d));
            });
            h.encapsulation().ifPresent(x -> {
                ObjectNode eo = o.putObject("encapsulation");
                eo.put("type", "vxlan");
                eo.put("device", x.device());
                eo.put("vni", x.vni());
                eo.put("outerSrc", x.outerSrc().toString());
                eo.put("outerDst", x.outerDst().toString());
                eo.put("port", x.port());
                eo.put("innerDstMac", x.innerMac());
                x.underlay().ifPresent(u -> eo.put("underlay", u));
                eo.put("source", x.captured() ? "capture" : "tables");
            });
        }
    }

    private static void header(ObjectNode o, PacketHeader h) {
        h.in().ifPresent(i -> o.put("in", i));
        h.out().ifPresent(i -> o.put("out", i));
        o.put("src", h.src().toString());
        o.put("dst", h.dst().toString());
        o.put("sport", h.sport());
        o.put("dport", h.dport());
        ArrayNode f = o.putArray("flags");
        h.flags().forEach(f::add);
        o.put("ttl", h.ttl());
    }

    private static void tuple(ObjectNode o, ConntrackEntry.Tuple t) {
        o.put("src", t.src().toString());
        o.put("dst", t.dst().toString());
        o.put("sport", t.sport());
        o.put("dport", t.dport());
    }
}
