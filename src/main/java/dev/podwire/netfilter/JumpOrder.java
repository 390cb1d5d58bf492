package dev.podwire.netfilter;

import java.util.Arrays;
import java.util.Optional;

/**
 * The one declared order of the rules we put into built-in chains ({@code FORWARD}, {@code POSTROUTING}, {@code
 * PREROUTING}, {@code OUTPUT}, {@code INPUT}), which we share with whatever else runs on the machine. Each constant is
 * a chain that built-in chains jump to; in any built-in chain, the jumps stand in declaration order, whichever syncer
 * ensured its jump first ({@link Jumps#ensure}).
 *
 * <p>The order is what each program does on its own. kube-proxy inserts its jumps at the top ({@code -I}), one after
 * the other in its {@code iptablesJumpChains} order, so a node ends up with the reverse: INPUT = KUBE-FIREWALL,
 * KUBE-PROXY-FIREWALL, KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES; FORWARD = KUBE-PROXY-FIREWALL, KUBE-FORWARD,
 * KUBE-SERVICES, KUBE-EXTERNAL-SERVICES; OUTPUT = KUBE-FIREWALL, KUBE-PROXY-FIREWALL, KUBE-SERVICES. flanneld appends
 * its jumps ({@code -A}) after everything else. The lab load balancer appends its own in a namespace of its own.
 *
 * <p>A jump of a {@link Side#HEAD} owner goes right after the last jump declared before it that the chain holds (at
 * the top if none), so it stays ahead of rules we do not own; a {@link Side#TAIL} owner's goes right before the first
 * jump declared after it (at the end if none). Rules already in a chain are never moved, so a chain someone reordered
 * by hand stays as it is. A new owner (a NetworkPolicy engine's FORWARD chain) is one constant here, at the place its
 * jumps must take: a {@link Jump} to a chain not declared here is refused.
 */
public enum JumpOrder {
    /** kubelet's (and kube-proxy's copy) KUBE-FIREWALL, in filter INPUT and OUTPUT. */
    KUBE_FIREWALL("KUBE-FIREWALL", Side.HEAD),
    /** kube-proxy's load balancer source ranges, in filter INPUT, FORWARD and OUTPUT. */
    KUBE_PROXY_FIREWALL("KUBE-PROXY-FIREWALL", Side.HEAD),
    /** kube-proxy's health check node ports, in filter INPUT. */
    KUBE_NODEPORTS("KUBE-NODEPORTS", Side.HEAD),
    /** kube-proxy's forwarding rules, in filter FORWARD. */
    KUBE_FORWARD("KUBE-FORWARD", Side.HEAD),
    /** kube-proxy's service portals, in filter FORWARD and OUTPUT and nat PREROUTING and OUTPUT. */
    KUBE_SERVICES("KUBE-SERVICES", Side.HEAD),
    /** kube-proxy's externally visible service portals, in filter INPUT and FORWARD. */
    KUBE_EXTERNAL_SERVICES("KUBE-EXTERNAL-SERVICES", Side.HEAD),
    /** kube-proxy's masquerading, in nat POSTROUTING. */
    KUBE_POSTROUTING("KUBE-POSTROUTING", Side.HEAD),
    /** flanneld's forward accepts, in filter FORWARD. */
    FLANNEL_FWD("FLANNEL-FWD", Side.TAIL),
    /** flanneld's masquerading ({@code --ip-masq}), in nat POSTROUTING. */
    FLANNEL_POSTRTG("FLANNEL-POSTRTG", Side.TAIL),
    /** The lab load balancer's DNAT, in nat PREROUTING of its namespace. */
    PODWIRE_LB("PODWIRE-LB", Side.TAIL),
    /** The lab load balancer's SNAT, in nat POSTROUTING of its namespace. */
    PODWIRE_LB_MASQ("PODWIRE-LB-MASQ", Side.TAIL);

    /** Where an owner's jumps go relative to the rules of built-in chains we do not own. */
    public enum Side {
        /** Before them: inserted, as kube-proxy does ({@code -I}). */
        HEAD,
        /** After them: appended, as flanneld does ({@code -A}). */
        TAIL
    }

    private final String chain;
    private final Side side;

    JumpOrder(String chain, Side side) {
        this.chain = chain;
        this.side = side;
    }

    /** {@return the chain jumped to, e.g. {@code KUBE-SERVICES}} */
    public String chain() {
        return chain;
    }

    /** {@return whether its jumps go before or after the rules we do not own} */
    public Side side() {
        return side;
    }

    /** {@return the owner of jumps to {@code chain}, if it is declared} */
    public static Optional<JumpOrder> of(String chain) {
        return Arrays.stream(values()).filter(o -> o.chain.equals(chain)).findFirst();
    }
}
