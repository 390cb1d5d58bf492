package dev.podwire.cni;

import dev.podwire.net.Cidr;
import java.util.Collection;
import java.util.List;

/**
 * Renders pod wiring as {@code ip -batch} scripts: what the CNI bridge plugin does with flannel's delegate
 * configuration ({@code isGateway}, {@code isDefaultGateway}, {@code hairpinMode}, {@code mtu} from subnet.env,
 * routes to FLANNEL_NETWORK). Pure and deterministic.
 */
public final class CniRenderer {
    /** The bridge flannel's CNI plugin names by default. */
    public static final String BRIDGE = "cni0";

    private CniRenderer() {}

    /** {@return the node-side script creating {@code cni0} with the subnet's first address} */
    public static String bridge(Cidr subnet, int mtu) {
        return "link add name " + BRIDGE + " mtu " + mtu + " type bridge\n"
                + "addr add " + subnet.host(1) + "/" + subnet.prefixLength() + " dev " + BRIDGE + "\n"
                + "link set dev " + BRIDGE + " up\n";
    }

    /**
     * {@return the node-side script for a set of new pods}: one veth pair each, created in the node with its far end
     * ({@code eth0}) placed straight into the pod's namespace, attached to {@code cni0} with hairpin mode on (so a pod
     * can reach itself through a Service address).
     */
    public static String nodeSide(Collection<PodWiring> pods) {
        StringBuilder out = new StringBuilder();
        for (PodWiring p : pods.stream().sorted().toList()) {
            // The peer needs its own mtu: the one before "type" only sets the near end's.
            out.append("link add name ").append(p.hostVeth()).append(" mtu ").append(p.mtu())
                    .append(" type veth peer name eth0 mtu ").append(p.mtu()).append(" netns ").append(p.pod().name())
                    .append('\n');
            out.append("link set dev ").append(p.hostVeth()).append(" master ").append(BRIDGE).append(" up\n");
            out.append("link set dev ").append(p.hostVeth()).append(" type bridge_slave hairpin on\n");
        }
        return out.toString();
    }

    /** {@return the pod-side script: address, link up, default route and the pod-network route via cni0} */
    public static String podSide(PodWiring p) {
        // The address and link come first: the kernel only accepts a gateway it can reach on a connected route.
        return String.join("\n", List.of(
                "link set dev lo up",
                "addr add " + p.ip() + "/" + p.subnet().prefixLength() + " dev eth0",
                "link set dev eth0 up",
                "route add default via " + p.gateway() + " dev eth0",
                "route add " + p.network() + " via " + p.gateway() + " dev eth0")) + "\n";
    }

    /**
     * {@return the node-side script of adoption repairs}: a new veth pair into a pod's existing namespace, or an
     * existing veth made an up, hairpin port of {@code cni0} again. Empty when no repair touches the node.
     */
    public static String repairNodeSide(Collection<PodDecision.Repair> repairs) {
        StringBuilder out = new StringBuilder();
        for (PodDecision.Repair r : repairs.stream().sorted(java.util.Comparator.comparing(x -> x.wiring())).toList()) {
            PodWiring p = r.wiring();
            if (r.fixes().contains(PodDecision.Fix.VETH_PAIR)) {
                out.append(nodeSide(List.of(p)));
            } else if (r.fixes().contains(PodDecision.Fix.HOST_VETH)) {
                out.append("link set dev ").append(p.hostVeth()).append(" mtu ").append(p.mtu()).append(" master ")
                        .append(BRIDGE).append(" up\n");
                out.append("link set dev ").append(p.hostVeth()).append(" type bridge_slave hairpin on\n");
            }
        }
        return out.toString();
    }

    /**
     * {@return the pod-side script of an adoption repair}: only the listed parts, with idempotent verbs
     * ({@code route replace}), so what was right is left alone. Empty when the repair is node-side only.
     */
    public static String repairPodSide(PodDecision.Repair r) {
        PodWiring p = r.wiring();
        if (r.fixes().contains(PodDecision.Fix.VETH_PAIR)) {
            return podSide(p);
        }
        StringBuilder out = new StringBuilder();
        if (r.fixes().contains(PodDecision.Fix.POD_LINK)) {
            out.append("link set dev lo up\nlink set dev eth0 mtu ").append(p.mtu()).append(" up\n");
        }
        if (r.fixes().contains(PodDecision.Fix.POD_ADDRESS)) {
            out.append("addr flush dev eth0 scope global\naddr add ").append(p.ip()).append('/')
                    .append(p.subnet().prefixLength()).append(" dev eth0\n");
        }
        if (r.fixes().contains(PodDecision.Fix.POD_ROUTES)) {
            out.append("route replace default via ").append(p.gateway()).append(" dev eth0\n");
            out.append("route replace ").append(p.network()).append(" via ").append(p.gateway()).append(" dev eth0\n");
        }
        return out.toString();
    }

    /** {@return the CNI configuration flannel installs as {@code /etc/cni/net.d/10-flannel.conflist}} */
    public static String flannelConflist() {
        return """
                {
                  "name": "cbr0",
                  "cniVersion": "0.3.1",
                  "plugins": [
                    {
                      "type": "flannel",
                      "delegate": {
                        "hairpinMode": true,
                        "isDefaultGateway": true
                      }
                    },
                    {
                      "type": "portmap",
                      "capabilities": {
                        "portMappings": true
                      }
                    }
                  ]
                }
                """;
    }
}
