package dev.podwire.proxy.iptables;

import static dev.podwire.proxy.iptables.Rules.join;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.netfilter.RestorePayload;
import dev.podwire.proxy.EndpointInfo;
import dev.podwire.proxy.ProxySnapshot;
import dev.podwire.proxy.ServiceInfo;
import dev.podwire.proxy.ServicePortName;
import dev.podwire.proxy.SessionAffinity;
import java.util.List;
import java.util.Optional;

/**
 * Writes one service port's rules, following kube-proxy's {@code syncProxyRules} loop body decision by decision:
 * dispatch rules in the top-level chains, then the service's own EXT, FW, SVC, SVL and SEP chains.
 */
final class ServiceRules {
    private final ProxySnapshot snapshot;
    private final IptablesFeatures features;
    private final boolean largeCluster;
    private final ChainsBuilder filter;
    private final ChainsBuilder nat;
    // kube-proxy writes the cluster-IP masquerade rule before it declares the internal chain (its rules and chain
    // lines go to separate buffers); we hold it until the chain exists so it stays the chain's first rule.
    private String pendingInternal = "";

    ServiceRules(ProxySnapshot snapshot, IptablesFeatures features, boolean largeCluster, ChainsBuilder filter,
            ChainsBuilder nat) {
        this.snapshot = snapshot;
        this.features = features;
        this.largeCluster = largeCluster;
        this.filter = filter;
        this.nat = nat;
    }

    void write(ServiceInfo svc) {
        ServicePortName name = svc.name();
        String s = name.toString();
        String p = svc.protocol().lower();
        String proto = join("-m", p, "-p", p);
        String port = Integer.toString(svc.port());
        EndpointSets eps = EndpointSets.categorize(svc, snapshot.endpointsOf(name), snapshot.nodeName());

        String clusterChain = ChainNames.serviceChain(name);
        String localChain = ChainNames.localChain(name);
        String extChain = ChainNames.externalChain(name);
        String fwChain = ChainNames.firewallChain(name);
        boolean usesClusterChain = !eps.cluster().isEmpty() && svc.usesClusterEndpoints();
        boolean usesLocalChain = !eps.local().isEmpty() && svc.usesLocalEndpoints();
        String internalChain = svc.internalPolicyLocal() ? localChain : clusterChain;
        boolean hasInternal = eps.hasAny() && (!svc.internalPolicyLocal() || !eps.local().isEmpty());
        String externalPolicyChain = svc.externalPolicyLocal() ? localChain : clusterChain;
        boolean hasExternal = eps.hasAny() && (!svc.externalPolicyLocal() || !eps.local().isEmpty());
        // The EXT chain exists whenever anything exists, even with no external endpoints: its short-circuit rules
        // still let pods and the node itself reach an eTP=Local service.
        boolean usesExtChain = eps.hasAny() && svc.externallyAccessible();
        boolean usesFwChain = eps.hasAny() && !svc.loadBalancerIps().isEmpty()
                && !svc.loadBalancerSourceRanges().isEmpty();
        String lbChain = usesFwChain ? fwChain : extChain;

        String internalTarget = eps.hasAny() ? "DROP" : "REJECT";
        String internalComment = quoted(s + (eps.hasAny() ? " has no local endpoints" : " has no endpoints"));
        String externalTarget = internalTarget;
        String externalComment = internalComment;

        String clusterIpMatch = join(comment(s + " cluster IP"), proto, "-d", svc.clusterIp().toString(), "--dport",
                port);
        if (hasInternal) {
            nat.add("KUBE-SERVICES", join(clusterIpMatch, "-j", internalChain));
        } else {
            filter.add("KUBE-SERVICES", join("-m comment --comment", internalComment, proto, "-d",
                    svc.clusterIp().toString(), "--dport", port, "-j", internalTarget));
        }
        for (Ipv4 ip : svc.externalIps()) {
            if (eps.hasAny()) {
                nat.add("KUBE-SERVICES", join(comment(s + " external IP"), proto, "-d", ip.toString(), "--dport", port,
                        "-j", extChain));
            }
            if (!hasExternal) {
                filter.add("KUBE-EXTERNAL-SERVICES", join("-m comment --comment", externalComment, proto, "-d",
                        ip.toString(), "--dport", port, "-j", externalTarget));
            }
        }
        for (Ipv4 ip : svc.loadBalancerIps()) {
            if (eps.hasAny()) {
                nat.add("KUBE-SERVICES", join(comment(s + " loadbalancer IP"), proto, "-d", ip.toString(), "--dport",
                        port, "-j", lbChain));
            }
            if (usesFwChain) {
                filter.add("KUBE-PROXY-FIREWALL", join(comment(s + " traffic not accepted by " + fwChain), proto, "-d",
                        ip.toString(), "--dport", port, "-j DROP"));
            }
        }
        if (!hasExternal) {
            for (Ipv4 ip : svc.loadBalancerIps()) {
                filter.add("KUBE-EXTERNAL-SERVICES", join("-m comment --comment", externalComment, proto, "-d",
                        ip.toString(), "--dport", port, "-j", externalTarget));
            }
        }
        if (svc.nodePort().isPresent()) {
            String nodePort = Integer.toString(svc.nodePort().getAsInt());
            if (eps.hasAny()) {
                if (features.localhostNodePorts() && features.nfacct()) {
                    nat.add("KUBE-NODEPORTS", join(comment(s), proto, "-d 127.0.0.0/8 --dport", nodePort,
                            "-m nfacct --nfacct-name localhost_nps_accepted_pkts -j", extChain));
                }
                nat.add("KUBE-NODEPORTS", join(comment(s), proto, "--dport", nodePort, "-j", extChain));
            }
            if (!hasExternal) {
                filter.add("KUBE-EXTERNAL-SERVICES", join("-m comment --comment", externalComment,
                        "-m addrtype --dst-type LOCAL", proto, "--dport", nodePort, "-j", externalTarget));
            }
        }
        svc.healthCheckNodePort().ifPresent(hc -> filter.add("KUBE-NODEPORTS", join(
                comment(s + " health check node port"), "-m tcp -p tcp --dport", Integer.toString(hc), "-j ACCEPT")));

        if (hasInternal) {
            Optional<String> masq = snapshot.masqueradeAll() ? Optional.of("")
                    : snapshot.clusterCidr().map(c -> join("!", "-s", c.toString()));
            // masqueradeAll SNATs everything; otherwise only off-cluster clients, whose replies would not come back
            // through this node. Without a detector kube-proxy writes nothing here.
            masq.ifPresent(m -> pendingInternal = join(clusterIpMatch, m, "-j KUBE-MARK-MASQ"));
        }
        if (usesExtChain) {
            nat.declare(extChain, name);
            writeExternalChain(svc, s, extChain, clusterChain, externalPolicyChain, hasExternal);
        }
        if (usesFwChain) {
            nat.declare(fwChain, name);
            String fw = comment(s + " loadbalancer IP");
            boolean allowFromNode = false;
            for (Cidr range : svc.loadBalancerSourceRanges()) {
                nat.add(fwChain, join(fw, "-s", range.toString(), "-j", extChain));
                allowFromNode |= snapshot.nodeIps().stream().anyMatch(range::contains);
            }
            if (allowFromNode) {
                // A node reaching its own LB VIP loops back with the VIP as source.
                for (Ipv4 ip : svc.loadBalancerIps()) {
                    nat.add(fwChain, join(fw, "-s", ip.toString(), "-j", extChain));
                }
            }
            nat.add(fwChain, comment("other traffic to " + s + " will be dropped by KUBE-PROXY-FIREWALL"));
        }
        if (usesClusterChain) {
            nat.declare(clusterChain, name);
            if (internalChain.equals(clusterChain)) {
                flushPendingInternal(clusterChain);
            }
            writeEndpointJumps(svc, s, clusterChain, eps.cluster());
        }
        if (usesLocalChain) {
            nat.declare(localChain, name);
            if (internalChain.equals(localChain)) {
                flushPendingInternal(localChain);
            }
            writeEndpointJumps(svc, s, localChain, eps.local());
        }
        for (EndpointInfo ep : eps.allReachable()) {
            writeEndpointChain(svc, s, p, ep);
        }
        pendingInternal = "";
    }

    private void flushPendingInternal(String chain) {
        if (!pendingInternal.isEmpty()) {
            nat.add(chain, pendingInternal);
            pendingInternal = "";
        }
    }

    private void writeExternalChain(ServiceInfo svc, String s, String ext, String clusterChain, String policyChain,
            boolean hasExternal) {
        if (!svc.externalPolicyLocal()) {
            // Endpoints may be on other nodes: masquerade so replies come back through this node.
            nat.add(ext, join(comment("masquerade traffic for " + s + " external destinations"), "-j KUBE-MARK-MASQ"));
        } else {
            snapshot.clusterCidr().ifPresent(c -> nat.add(ext, join(
                    comment("pod traffic for " + s + " external destinations"), "-s", c.toString(), "-j",
                    clusterChain)));
            nat.add(ext, join(comment("masquerade LOCAL traffic for " + s + " external destinations"),
                    "-m addrtype --src-type LOCAL -j KUBE-MARK-MASQ"));
            nat.add(ext, join(comment("route LOCAL traffic for " + s + " external destinations"),
                    "-m addrtype --src-type LOCAL -j", clusterChain));
        }
        if (hasExternal) {
            nat.add(ext, "-j " + policyChain);
        }
    }

    private void writeEndpointJumps(ServiceInfo svc, String s, String chain, List<EndpointInfo> endpoints) {
        if (svc.sessionAffinity() instanceof SessionAffinity.ClientIp(int timeout)) {
            for (EndpointInfo ep : endpoints) {
                String sep = ChainNames.endpointChain(svc.name(), ep);
                nat.add(chain, join(serviceComment(s + " -> " + ep), "-m recent --name", sep, "--rcheck --seconds",
                        Integer.toString(timeout), "--reap -j", sep));
            }
        }
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            EndpointInfo ep = endpoints.get(i);
            // Endpoint i of n is taken with probability 1/(n-i) of what is left: uniform overall; the last is certain.
            String statistic = i < n - 1 ? "-m statistic --mode random --probability " + Rules.probability(n - i) : "";
            nat.add(chain, join(serviceComment(s + " -> " + ep), statistic, "-j",
                    ChainNames.endpointChain(svc.name(), ep)));
        }
    }

    private void writeEndpointChain(ServiceInfo svc, String s, String p, EndpointInfo ep) {
        String sep = ChainNames.endpointChain(svc.name(), ep);
        nat.declare(sep, svc.name());
        String c = serviceComment(s);
        // Hairpin: a pod reaching itself through its service must be SNATed or it would answer itself directly.
        nat.add(sep, join(c, "-s", ep.ip().toString(), "-j KUBE-MARK-MASQ"));
        String affinity = svc.sessionAffinity() instanceof SessionAffinity.ClientIp
                ? join("-m recent --name", sep, "--set") : "";
        nat.add(sep, join(c, affinity, "-m", p, "-p", p, "-j DNAT --to-destination", ep.toString()));
    }

    /** Comments on SEP chains and SVC-to-SEP jumps are dropped in large clusters to shrink the restore input. */
    private String serviceComment(String text) {
        return largeCluster ? "" : comment(text);
    }

    private static String comment(String text) {
        return "-m comment --comment " + quoted(text);
    }

    private static String quoted(String text) {
        return RestorePayload.quote(text);
    }
}
