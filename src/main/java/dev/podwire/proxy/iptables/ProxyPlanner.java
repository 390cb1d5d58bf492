package dev.podwire.proxy.iptables;

import dev.podwire.proxy.ProxySnapshot;
import dev.podwire.netfilter.Jump;
import dev.podwire.proxy.ServiceInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans kube-proxy's iptables-mode rules for one node: {@link ProxySnapshot} in, {@link ProxyPlan} out. Pure and
 * deterministic: services are planned in name order, endpoints in {@code ip:port} order.
 */
public final class ProxyPlanner {
    /** Past this many endpoints kube-proxy drops per-endpoint comments ({@code largeClusterEndpointsThreshold}). */
    static final int LARGE_CLUSTER_ENDPOINTS = 1000;

    private ProxyPlanner() {}

    /** {@return the plan for {@code snapshot} on a host with {@link IptablesFeatures#defaults()}} */
    public static ProxyPlan plan(ProxySnapshot snapshot) {
        return plan(snapshot, IptablesFeatures.defaults());
    }

    /** {@return the plan for {@code snapshot} on a host with {@code features}} */
    public static ProxyPlan plan(ProxySnapshot snapshot, IptablesFeatures features) {
        ChainsBuilder filter = new ChainsBuilder();
        ChainsBuilder nat = new ChainsBuilder();
        for (String c : List.of("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-NODEPORTS",
                "KUBE-PROXY-FIREWALL")) {
            filter.declare(c);
        }
        if (features.localhostNodePorts()) {
            filter.declare("KUBE-FIREWALL");
        }
        for (String c : List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ")) {
            nat.declare(c);
        }
        writeFixedRules(snapshot, features, filter, nat);

        int total = snapshot.services().stream().mapToInt(s -> snapshot.endpointsOf(s.name()).size()).sum();
        ServiceRules rules = new ServiceRules(snapshot, features, total > LARGE_CLUSTER_ENDPOINTS, filter, nat);
        for (ServiceInfo svc : snapshot.services()) {
            rules.write(svc);
        }
        // NodePorts are matched last so that a cluster IP or external IP on a local address wins.
        nat.add("KUBE-SERVICES", "-m comment --comment \"kubernetes service nodeports; NOTE: this must be the last"
                + " rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");

        List<Jump> jumps = new ArrayList<>(KubeProxyJumps.KUBE_PROXY);
        if (features.localhostNodePorts()) {
            jumps.addAll(KubeProxyJumps.KUBE_FIREWALL);
        }
        return new ProxyPlan(filter.build(), nat.build(), jumps);
    }

    private static void writeFixedRules(ProxySnapshot snapshot, IptablesFeatures features, ChainsBuilder filter,
            ChainsBuilder nat) {
        String mark = features.mark(snapshot.masqueradeMark());
        String markMask = mark + "/" + mark;
        // RETURN unmarked packets, then clear the bit before MASQUERADE so that a packet that comes through
        // POSTROUTING again (e.g. VXLAN-encapsulated) is not masqueraded twice.
        nat.add("KUBE-POSTROUTING", "-m mark ! --mark " + markMask + " -j RETURN");
        nat.add("KUBE-POSTROUTING", "-j MARK --xor-mark " + mark);
        nat.add("KUBE-POSTROUTING", "-m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE"
                + (features.randomFully() ? " --random-fully" : ""));
        nat.add("KUBE-MARK-MASQ", "-j MARK --or-mark " + mark);

        if (features.invalidDrop()) {
            filter.add("KUBE-FORWARD", "-m conntrack --ctstate INVALID"
                    + (features.nfacct() ? " -m nfacct --nfacct-name ct_state_invalid_dropped_pkts" : "") + " -j DROP");
        }
        filter.add("KUBE-FORWARD", "-m comment --comment \"kubernetes forwarding rules\" -m mark --mark " + markMask
                + " -j ACCEPT");
        filter.add("KUBE-FORWARD", "-m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack"
                + " --ctstate RELATED,ESTABLISHED -j ACCEPT");
        if (features.localhostNodePorts()) {
            filter.add("KUBE-FIREWALL", "-m comment --comment \"block incoming localnet connections\" -d 127.0.0.0/8"
                    + " ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
        }
    }
}
