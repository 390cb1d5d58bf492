package dev.podwire.proxy;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything one node's proxy needs for one sync: the services, their endpoints and the proxy's settings.
 *
 * @param nodeName this node's name (endpoints with this nodeName are local)
 * @param nodeIps this node's addresses (loadBalancerSourceRanges containing one let the node reach its LB IPs)
 * @param clusterCidr {@code clusterCIDR}: traffic from outside it to a cluster IP is masqueraded; empty = no
 *     local-traffic detector (kube-proxy then writes no such rule)
 * @param services the service ports, any order (kept sorted by name)
 * @param endpoints endpoints by service port, any order (kept sorted by {@code ip:port}); missing = none
 * @param masqueradeAll SNAT every packet sent to a cluster IP
 * @param masqueradeBit the fwmark bit meaning "masquerade me", 0..31 (default 14 = {@code 0x4000})
 */
public record ProxySnapshot(String nodeName, List<Ipv4> nodeIps, Optional<Cidr> clusterCidr,
        List<ServiceInfo> services, Map<ServicePortName, List<EndpointInfo>> endpoints, boolean masqueradeAll,
        int masqueradeBit) {
    /** Validates, sorts and copies. */
    public ProxySnapshot {
        Objects.requireNonNull(nodeName, "nodeName");
        if (nodeName.isEmpty()) {
            throw new IllegalArgumentException("nodeName: \"\" (expected: a node name)");
        }
        nodeIps = List.copyOf(nodeIps);
        Objects.requireNonNull(clusterCidr, "clusterCidr");
        services = services.stream().sorted(java.util.Comparator.comparing(ServiceInfo::name)).toList();
        for (int i = 1; i < services.size(); i++) {
            if (services.get(i).name().equals(services.get(i - 1).name())) {
                throw new IllegalArgumentException("services: " + services.get(i).name() + " twice (expected: unique)");
            }
        }
        TreeMap<ServicePortName, List<EndpointInfo>> sorted = new TreeMap<>();
        endpoints.forEach((k, v) -> sorted.put(k, v.stream().sorted().distinct().toList()));
        endpoints = java.util.Collections.unmodifiableSortedMap(sorted);
        if (masqueradeBit < 0 || masqueradeBit > 31) {
            throw new IllegalArgumentException("masqueradeBit: " + masqueradeBit + " (expected: 0..31)");
        }
    }

    /** {@return the endpoints of {@code name}, sorted by {@code ip:port}; empty if it has none} */
    public List<EndpointInfo> endpointsOf(ServicePortName name) {
        return endpoints.getOrDefault(name, List.of());
    }

    /** {@return the masquerade mark, {@code 1 << masqueradeBit}} */
    public int masqueradeMark() {
        return 1 << masqueradeBit;
    }
}
