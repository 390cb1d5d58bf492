package dev.podwire.lb;

import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plans the lab load balancer from the cluster's LoadBalancer Services, as a cloud load balancer in front of NodePorts
 * behaves: every node is a target for {@code externalTrafficPolicy: Cluster}; for {@code Local} only the nodes whose
 * health check ({@code healthCheckNodePort}, served by each node's proxy) passes. Pure: health results come in.
 */
public final class LbPlanner {
    private LbPlanner() {}

    /** Health check results: whether a node passes a Service's health check. */
    @FunctionalInterface
    public interface Health {
        /** {@return whether {@code node} answered 200 on the health check port of {@code namespace/name}} */
        boolean passes(String namespace, String name, String node);
    }

    /**
     * {@return the listeners, sorted}
     *
     * @param nodes node name to node address, in the lab's order
     */
    public static List<LbForward> plan(List<Service> services, Health health, Map<String, Ipv4> nodes) {
        List<LbForward> out = new ArrayList<>();
        for (Service s : services) {
            if (!"LoadBalancer".equals(s.getSpec().getType()) || s.getStatus() == null
                    || s.getStatus().getLoadBalancer() == null) {
                continue;
            }
            List<Ipv4> targets = targets(s, health, nodes);
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

    /** {@return whether the Service's targets depend on health checks} */
    public static boolean checked(Service s) {
        return "LoadBalancer".equals(s.getSpec().getType()) && "Local".equals(s.getSpec().getExternalTrafficPolicy())
                && s.getSpec().getHealthCheckNodePort() != null;
    }

    private static List<Ipv4> targets(Service s, Health health, Map<String, Ipv4> nodes) {
        List<Ipv4> out = new ArrayList<>();
        nodes.forEach((name, ip) -> {
            if (!checked(s) || health.passes(s.getMetadata().getNamespace(), s.getMetadata().getName(), name)) {
                out.add(ip);
            }
        });
        return out;
    }
}
