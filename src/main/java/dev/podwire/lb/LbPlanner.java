package dev.podwire.lb;

import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the lab load balancer from the cluster's LoadBalancer Services, as a cloud load balancer in front of NodePorts
 * behaves: every node is a target for {@code externalTrafficPolicy: Cluster}; for {@code Local} only nodes that pass
 * the health check, i.e. that run a ready endpoint (what kube-proxy's healthCheckNodePort reports). Pure.
 */
public final class LbPlanner {
    private LbPlanner() {}

    /**
     * {@return the listeners, sorted}
     *
     * @param nodes node name to node address, in the lab's order
     */
    public static List<LbForward> plan(List<Service> services, List<EndpointSlice> slices, Map<String, Ipv4> nodes) {
        List<LbForward> out = new ArrayList<>();
        for (Service s : services) {
            if (!"LoadBalancer".equals(s.getSpec().getType()) || s.getStatus() == null
                    || s.getStatus().getLoadBalancer() == null) {
                continue;
            }
            List<Ipv4> targets = targets(s, slices, nodes);
            String ns = s.getMetadata().getNamespace();
            for (LoadBalancerIngress in : Optional.ofNullable(s.getStatus().getLoadBalancer().getIngress())
                    .orElse(List.of())) {
                Optional<Ipv4> ip = Ipv4.tryParse(in.getIp());
                if (ip.isEmpty()) {
                    continue;
                }
                for (ServicePort p : s.getSpec().getPorts()) {
                    if (p.getNodePort() == null) {
                        continue;
                    }
                    String name = ns + "/" + s.getMetadata().getName() + (p.getName() == null ? "" : ":" + p.getName());
                    String proto = Optional.ofNullable(p.getProtocol()).orElse("TCP").toLowerCase(Locale.ROOT);
                    out.add(new LbForward(name, ip.get(), proto, p.getPort(), p.getNodePort(), targets));
                }
            }
        }
        out.sort(null);
        return List.copyOf(out);
    }

    private static List<Ipv4> targets(Service s, List<EndpointSlice> slices, Map<String, Ipv4> nodes) {
        if (!"Local".equals(s.getSpec().getExternalTrafficPolicy())) {
            return List.copyOf(nodes.values());
        }
        Set<String> healthy = new TreeSet<>();
        for (EndpointSlice slice : slices) {
            Map<String, String> labels = Optional.ofNullable(slice.getMetadata().getLabels()).orElse(Map.of());
            if (!s.getMetadata().getName().equals(labels.get("kubernetes.io/service-name"))
                    || !s.getMetadata().getNamespace().equals(slice.getMetadata().getNamespace())) {
                continue;
            }
            for (Endpoint e : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
                boolean ready = e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
                if (ready && e.getNodeName() != null) {
                    healthy.add(e.getNodeName());
                }
            }
        }
        List<Ipv4> out = new ArrayList<>();
        nodes.forEach((name, ip) -> {
            if (healthy.contains(name)) {
                out.add(ip);
            }
        });
        return out;
    }
}
