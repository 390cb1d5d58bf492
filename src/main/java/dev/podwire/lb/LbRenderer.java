package dev.podwire.lb;

import dev.podwire.netfilter.Jump;
import dev.podwire.netfilter.RestorePayload;
import java.util.List;

/**
 * Renders the lab load balancer's NAT as one {@code iptables-restore --noflush} payload for chains we own:
 * {@code PODWIRE-LB} (PREROUTING: DNAT each new connection to a target's NodePort, round-robin with {@code -m
 * statistic --mode nth}: rule i of n takes every (n-i)-th connection reaching it, the last takes the rest) and
 * {@code PODWIRE-LB-MASQ} (POSTROUTING: SNAT what was DNATed, so replies come back through the balancer, as with a
 * classic cloud load balancer). A listener with no healthy target has no rule: its address is local, nothing listens,
 * so the kernel refuses the connection. Pure and deterministic.
 */
public final class LbRenderer {
    /** Our DNAT chain, jumped to from PREROUTING. */
    public static final String CHAIN = "PODWIRE-LB";
    /** Our SNAT chain, jumped to from POSTROUTING. */
    public static final String MASQ_CHAIN = "PODWIRE-LB-MASQ";
    /** The jumps from the built-in chains, ensured once, when the balancer is built (after {@link #chains()}). */
    public static final List<Jump> JUMPS = List.of(Jump.of("nat", "PREROUTING", "-j", CHAIN),
            Jump.of("nat", "POSTROUTING", "-j", MASQ_CHAIN));

    private LbRenderer() {}

    /** {@return the payload} */
    public static String render(List<LbForward> forwards) {
        RestorePayload out = new RestorePayload().table("nat").chain(CHAIN).chain(MASQ_CHAIN);
        for (LbForward f : forwards.stream().sorted().toList()) {
            int n = f.targets().size();
            for (int i = 0; i < n; i++) {
                StringBuilder rule = new StringBuilder();
                rule.append("-d ").append(f.ingress()).append("/32 -p ").append(f.protocol())
                        .append(" -m ").append(f.protocol()).append(" --dport ").append(f.port())
                        .append(" -m comment --comment \"").append(f.service()).append(" loadbalancer\"");
                if (i < n - 1) {
                    rule.append(" -m statistic --mode nth --every ").append(n - i).append(" --packet 0");
                }
                rule.append(" -j DNAT --to-destination ").append(f.targets().get(i)).append(':').append(f.nodePort());
                out.rule(CHAIN, rule.toString());
            }
        }
        out.rule(MASQ_CHAIN, "-m conntrack --ctstate DNAT -m comment --comment \"lab load balancer SNAT\""
                + " -j MASQUERADE");
        return out.render();
    }

    /** {@return the payload creating our two chains, empty, so that {@link #JUMPS} have somewhere to jump} */
    public static String chains() {
        return new RestorePayload().table("nat").chain(CHAIN).chain(MASQ_CHAIN).render();
    }
}
