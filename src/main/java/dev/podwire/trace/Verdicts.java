package dev.podwire.trace;

import java.util.List;
import java.util.Optional;

/** Decides a trace's {@link Verdict} from its hops, and words the explanation and the likely fix. Pure. */
final class Verdicts {
    private Verdicts() {
    }

    static Verdict decide(ProbeSpec probe, List<Hop> request, List<Hop> reply, Optional<ServiceAddress> service) {
        Verdict v = decide(probe, request, reply);
        if (probe.protocol() == TraceProtocol.ICMP && service.isPresent() && v.status() != Verdict.Status.DELIVERED) {
            return icmpToClusterIp(probe, request, service.get(), v);
        }
        return v;
    }

    private static Verdict decide(ProbeSpec probe, List<Hop> request, List<Hop> reply) {
        if (request.isEmpty()) {
            return new Verdict(Verdict.Status.DROPPED, "source", "the probe was not seen in any namespace: the "
                    + "client's kernel did not send it", "check the client's routes (ip route get " + probe.target()
                    + ")");
        }
        Optional<Verdict> lost = lost(request, "request");
        if (lost.isPresent()) {
            return lost.get();
        }
        Hop arrived = request.getLast();
        if (reply.isEmpty()) {
            return new Verdict(Verdict.Status.NO_REPLY, arrived.place().label(), "the request reached "
                    + arrived.place().label() + " (" + arrived.left().tuple() + ") but nothing answered"
                    + (probe.protocol() == TraceProtocol.UDP ? ": a UDP server answers only if it wants to" : ""),
                    "check that a server listens on " + arrived.left().dst() + ":" + arrived.left().dport()
                    + " in " + arrived.place().label());
        }
        Optional<Verdict> replyLost = lost(reply, "reply");
        if (replyLost.isPresent()) {
            return asymmetric(request, reply).orElse(replyLost.get());
        }
        Hop origin = reply.getFirst();
        if (origin.kind() == PacketKind.ICMP_ERROR) {
            return new Verdict(Verdict.Status.REFUSED, origin.place().label(), origin.place().label()
                    + " answered with an ICMP error (from " + origin.entered().src() + ")",
                    "check that a server listens on " + arrived.left().dst() + " port " + arrived.left().dport());
        }
        if (origin.entered().flags().contains("RST")) {
            return new Verdict(Verdict.Status.REFUSED, origin.place().label(), "nothing listens on "
                    + arrived.left().dst() + ":" + arrived.left().dport() + " in " + arrived.place().label()
                    + ": its kernel answered RST", "start the server, or fix the Service's targetPort");
        }
        String snat = request.stream().filter(h -> !h.entered().src().equals(h.left().src())).findFirst()
                .map(h -> ", source NATed to " + h.left().src() + " in " + h.place().label() + h.snat()
                        .map(r -> " by " + r.display()).orElse(""))
                .orElse("");
        return new Verdict(Verdict.Status.DELIVERED, arrived.place().label(), "the request reached "
                + arrived.place().label() + " as " + arrived.left().tuple() + snat + (snat.isEmpty() ? "" : ",")
                + " and the reply came back to "
                + reply.getLast().place().label(), "");
    }

    /** {@return the verdict for a packet that did not arrive, if it did not} */
    private static Optional<Verdict> lost(List<Hop> hops, String what) {
        for (Hop h : hops) {
            switch (h.outcome()) {
                case Outcome.Dropped(var rule) -> {
                    return Optional.of(dropped(h, rule, what));
                }
                case Outcome.Vanished v -> {
                    return Optional.of(vanished(h, what));
                }
                case Outcome.Sent s -> { }
                case Outcome.Forwarded f -> { }
                case Outcome.Delivered d -> { }
            }
        }
        Hop last = hops.getLast();
        return switch (last.outcome()) {
            case Outcome.Sent(var dev) -> Optional.of(unreceived(last, dev, what));
            case Outcome.Forwarded(var dev) -> Optional.of(unreceived(last, dev, what));
            default -> Optional.empty();
        };
    }

    private static Verdict unreceived(Hop last, String dev, String what) {
        String next = last.route().flatMap(RouteLookup::via).map(v -> " toward " + v).orElse("");
        return new Verdict(Verdict.Status.DROPPED, last.place().label(), "the " + what + " left "
                + last.place().label() + " through " + dev + next + " as " + last.left().tuple()
                + " but no watched namespace received it", "check the next hop: its address and ARP ("
                + "ip neigh) on " + dev + ", or whether " + last.left().dst() + " is outside the lab");
    }

    static Verdict dropped(Hop h, RuleHit rule, String what) {
        String where = h.place().label();
        String text = rule.display();
        String r = rule.rule().orElse("");
        Optional<String> comment = PathAnalyser.comment(rule);
        if (comment.isPresent() && comment.get().endsWith(" has no endpoints")) {
            String svc = comment.get().substring(0, comment.get().length() - " has no endpoints".length());
            return new Verdict(Verdict.Status.DROPPED, where, "rejected in " + where + " by " + text + ": service "
                    + svc + " has no endpoints", "scale the deployment up or fix the Service's selector so that "
                    + "ready pods back it (podwire get endpoints)");
        }
        if (comment.isPresent() && comment.get().endsWith(" has no local endpoints")) {
            return new Verdict(Verdict.Status.DROPPED, where, "dropped in " + where + " by " + text + ": "
                    + comment.get() + " (externalTrafficPolicy: Local)", "send the traffic to a node that runs a "
                    + "backing pod, or set externalTrafficPolicy: Cluster");
        }
        if (r.contains("--ctstate INVALID")) {
            return new Verdict(Verdict.Status.DROPPED, where, "dropped in " + where + " by " + text + ": conntrack "
                    + "saw the " + what + " " + h.entered().tuple() + " as INVALID, a packet of a connection whose "
                    + "earlier packets took another path (asymmetric routing)", "make the reply return through the "
                    + "node that DNATed (kubeProxy masqueradeAll: true, or SNAT at the entry node), or route the "
                    + "service to the node running the pod");
        }
        if (rule.kind() == RuleHit.Kind.POLICY) {
            return new Verdict(Verdict.Status.DROPPED, where, "dropped in " + where + " by the policy of chain "
                    + rule.chain() + " (table " + rule.table() + "): no rule accepted the " + what + " "
                    + h.entered().tuple(), "add a rule accepting it to " + rule.chain() + ", or change the policy");
        }
        boolean reject = r.contains("-j REJECT");
        return new Verdict(Verdict.Status.DROPPED, where, (reject ? "rejected" : "dropped") + " in " + where + " by "
                + text, "remove or narrow that rule (podwire exec " + execTarget(h.place()) + " -- iptables-save)");
    }

    static Verdict vanished(Hop h, String what) {
        String where = h.place().label();
        Optional<RouteLookup> route = h.route();
        Optional<String> error = route.flatMap(RouteLookup::error);
        if (error.isPresent() && error.get().contains("cross-device")) {
            return new Verdict(Verdict.Status.DROPPED, where, "the reverse-path check (rp_filter) in " + where
                    + " refused the " + what + " from " + h.entered().src() + " on " + h.entered().in().orElse("?")
                    + ": a packet to " + h.entered().src() + " would not leave through that interface ("
                    + route.get().display() + ")", "add a route to " + h.entered().src() + " through "
                    + h.entered().in().orElse("that interface") + ", or set net.ipv4.conf.all.rp_filter=2 (loose)");
        }
        if (error.isPresent()) {
            String dst = route.get().query().split(" ")[0];
            return new Verdict(Verdict.Status.DROPPED, where, "no route to " + dst + " in " + where + " ("
                    + route.get().display() + ")", "add a route to " + dst + " in " + where + " (a missing host-gw "
                    + "route or flannel lease, or a missing static route on a host or router)");
        }
        return new Verdict(Verdict.Status.DROPPED, where, "the " + what + " entered " + where + " on "
                + h.entered().in().orElse("?") + " and was never forwarded or delivered"
                + route.map(r -> " although " + r.display()).orElse(""), "check net.ipv4.ip_forward and rp_filter "
                + "in " + where);
    }

    /**
     * {@return seed 002's verdict, when it applies: a place DNATed the request, the reply left the endpoint's node
     * with the endpoint's address on a path that skips that place, and a stateful filter on that path dropped it as
     * INVALID because its conntrack never saw a request to that address}
     */
    private static Optional<Verdict> asymmetric(List<Hop> request, List<Hop> reply) {
        int at = 0;
        while (at < reply.size() && !(reply.get(at).outcome() instanceof Outcome.Dropped)) {
            at++;
        }
        if (at == 0 || at == reply.size()) {
            return Optional.empty();
        }
        Hop drop = reply.get(at);
        RuleHit rule = ((Outcome.Dropped) drop.outcome()).rule();
        Optional<Hop> dnat = request.stream().filter(h -> h.dnat().isPresent()).findFirst();
        List<Place> back = reply.stream().map(Hop::place).toList();
        if (!rule.rule().orElse("").contains("--ctstate INVALID") || dnat.isEmpty()
                || back.contains(dnat.get().place())) {
            return Optional.empty();
        }
        Hop nat = dnat.get();
        Hop sender = reply.get(at - 1);
        String service = nat.entered().dst() + ":" + nat.entered().dport();
        String endpoint = nat.left().dst() + ":" + nat.left().dport();
        String server = request.stream().filter(h -> h.outcome() instanceof Outcome.Forwarded
                && h.left().dst().equals(nat.left().dst())).reduce((a, b) -> b).map(h -> h.place().label())
                .orElse(sender.place().label());
        return Optional.of(new Verdict(Verdict.Status.DROPPED, drop.place().label(), "asymmetric path: "
                + nat.place().label() + " DNATed the request " + service + " → " + endpoint + ", but the reply "
                + "left " + sender.place().label() + " straight for " + drop.place().label() + " as "
                + sender.left().tuple() + ", with the pod's address and not through " + nat.place().label()
                + " (which alone could undo the DNAT); " + drop.place().label() + "'s conntrack never saw a request "
                + "to " + endpoint + ", calls the reply INVALID and " + rule.display() + " drops it",
                "send " + nat.entered().dst() + " to the node running the pod (" + server + ") instead of "
                + nat.place().label() + ", or set kubeProxy iptables.masqueradeAll: true (" + nat.place().label()
                + " then SNATs the request to its own address, so the reply returns through it)"));
    }

    /**
     * {@return why an ICMP echo to a ClusterIP got no answer: kube-proxy translates only the Service's ports, and the
     * address belongs to no interface, so nobody answers; IPVS mode would, because it binds ClusterIPs locally}
     */
    private static Verdict icmpToClusterIp(ProbeSpec probe, List<Hop> request, ServiceAddress svc, Verdict seen) {
        String nodes = request.stream().filter(h -> h.rules().stream().anyMatch(r -> r.display().contains(
                "-j KUBE-SERVICES") && r.table().equals("nat"))).map(h -> h.place().label()).distinct()
                .reduce((a, b) -> a + ", " + b).orElse("no node on the path");
        return new Verdict(seen.status(), seen.where(), probe.target() + " is the ClusterIP of service "
                + svc.service() + "; kube-proxy in " + svc.proxyMode() + " mode only DNATs the Service's TCP/UDP/SCTP "
                + "ports, so the echo matched no rule in KUBE-SERVICES (" + nodes + ") and, the address being on no "
                + "interface, nothing answers it: " + seen.explanation() + ". (In IPVS mode kube-proxy binds every "
                + "ClusterIP to the kube-ipvs0 dummy interface, so the node itself answers the ping, even for a "
                + "Service without endpoints.)", "test the Service on its port (podwire trace ... svc/NAME:PORT, or "
                + "curl); ping reaches pods by their own addresses");
    }

    private static String execTarget(Place p) {
        String[] parts = p.label().split("/");
        return parts.length == 3 ? "pod/" + parts[2] + " -n " + parts[1] : p.label();
    }
}
