package dev.podwire.proxy.iptables;

import dev.podwire.proxy.EndpointInfo;
import dev.podwire.proxy.ServiceInfo;
import java.util.List;
import java.util.TreeSet;

/**
 * kube-proxy's {@code CategorizeEndpoints} (without topology hints): which endpoints Cluster-policy and
 * Local-policy traffic may use.
 *
 * @param cluster ready endpoints anywhere, or if none, the serving-and-terminating ones
 * @param local ready endpoints on this node, or if none, the local serving-and-terminating ones
 * @param allReachable the endpoints that get a SEP chain: the union of the sets in use
 * @param hasAny whether any usable endpoint exists anywhere (no = REJECT)
 */
record EndpointSets(List<EndpointInfo> cluster, List<EndpointInfo> local, List<EndpointInfo> allReachable,
        boolean hasAny) {
    static EndpointSets categorize(ServiceInfo svc, List<EndpointInfo> endpoints, String nodeName) {
        List<EndpointInfo> cluster = List.of();
        boolean hasAny = false;
        if (svc.usesClusterEndpoints()) {
            cluster = endpoints.stream().filter(EndpointInfo::ready).toList();
            if (cluster.isEmpty()) {
                // Fall back to terminating endpoints that still serve (KEP-1669), so connections drain gracefully.
                cluster = endpoints.stream().filter(e -> e.serving() && e.terminating()).toList();
            }
            hasAny = !cluster.isEmpty();
        }
        if (!svc.usesLocalEndpoints()) {
            return new EndpointSets(cluster, List.of(), cluster, hasAny);
        }
        boolean localReady = false;
        boolean localTerminating = false;
        for (EndpointInfo e : endpoints) {
            if (e.ready()) {
                hasAny = true;
                localReady |= e.isLocalTo(nodeName);
            } else if (e.serving() && e.terminating()) {
                hasAny = true;
                localTerminating |= e.isLocalTo(nodeName);
            }
        }
        List<EndpointInfo> local = List.of();
        if (localReady) {
            local = endpoints.stream().filter(e -> e.isLocalTo(nodeName) && e.ready()).toList();
        } else if (localTerminating) {
            local = endpoints.stream().filter(e -> e.isLocalTo(nodeName) && e.serving() && e.terminating()).toList();
        }
        if (!svc.usesClusterEndpoints()) {
            return new EndpointSets(cluster, local, local, hasAny);
        }
        TreeSet<EndpointInfo> union = new TreeSet<>(cluster);
        union.addAll(local);
        return new EndpointSets(cluster, local, List.copyOf(union), hasAny);
    }
}
