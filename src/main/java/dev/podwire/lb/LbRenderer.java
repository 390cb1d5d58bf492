package dev.podwire.lb;

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

    private LbRenderer() {}

    /** {@return the payload} */
    public static String render(List<LbForward> forwards) {
        StringBuilder out = new StringBuilder("*nat\n:" + CHAIN + " - [0:0]\n:" + MASQ_CHAIN + " - [0:0]\n");
        for (LbForward f : forwards.stream().sorted().toList()) {
            int n = f.targets().size();
            for (int i = 0; i < n; i++) {
                out.append("-A ").append(CHAIN).append(" -d ").append(f.ingress()).append("/32 -p ").append(f.protocol())
                        .append(" -m ").append(f.protocol()).append(" --dport ").append(f.port())
                        .append(" -m comment --comment \"").append(f.service()).append(" loadbalancer\"");
                if (i < n - 1) {
                    out.append(" -m statistic --mode nth --every ").append(n - i).append(" --packet 0");
                }
                out.append(" -j DNAT --to-destination ").append(f.targets().get(i)).append(':').append(f.nodePort())
                        .append('\n');
            }
        }
        out.append("-A ").append(MASQ_CHAIN).append(" -m conntrack --ctstate DNAT -m comment --comment ")
                .append("\"lab load balancer SNAT\" -j MASQUERADE\n");
        out.append("COMMIT\n");
        return out.toString();
    }

    /** {@return the payload adding the jumps from the built-in chains; applied once, when the balancer is built} */
    public static String jumps() {
        return "*nat\n:" + CHAIN + " - [0:0]\n:" + MASQ_CHAIN + " - [0:0]\n"
                + "-A PREROUTING -j " + CHAIN + "\n-A POSTROUTING -j " + MASQ_CHAIN + "\nCOMMIT\n";
    }
}
