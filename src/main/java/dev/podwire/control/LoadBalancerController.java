package dev.podwire.control;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What MetalLB does in a bare-metal cluster: gives each LoadBalancer Service without an ingress address the lowest
 * free address of the pool ({@code status.loadBalancer.ingress[0].ip}), and takes it back when the Service stops
 * being a LoadBalancer. Without a pool, LoadBalancers stay {@code <pending>}, as on kubeadm without MetalLB.
 * Oldest Services are served first, so addresses are stable across restarts.
 */
final class LoadBalancerController {
    private final ClusterStore store;
    private final Optional<Cidr> pool;

    LoadBalancerController(ClusterStore store, Optional<Cidr> pool) {
        this.store = store;
        this.pool = pool;
    }

    void reconcile() {
        List<Service> services = store.list(ResourceType.SERVICE);
        Set<Ipv4> used = new HashSet<>();
        for (Service s : services) {
            if (isLoadBalancer(s)) {
                ingress(s).stream().map(LoadBalancerIngress::getIp).flatMap(ip -> Ipv4.tryParse(ip).stream())
                        .forEach(used::add);
            }
        }
        List<Service> ordered = services.stream()
                .sorted(java.util.Comparator.comparing((Service s) -> s.getMetadata().getCreationTimestamp())
                        .thenComparing(s -> s.getMetadata().getNamespace())
                        .thenComparing(s -> s.getMetadata().getName()))
                .toList();
        for (Service s : ordered) {
            if (!isLoadBalancer(s) && !ingress(s).isEmpty()) {
                setIngress(s, List.of());
            } else if (isLoadBalancer(s) && ingress(s).isEmpty() && pool.isPresent()) {
                free(pool.get(), used).ifPresent(ip -> {
                    used.add(ip);
                    setIngress(s, List.of(new LoadBalancerIngressBuilder().withIp(ip.toString()).build()));
                });
            }
        }
    }

    private void setIngress(Service s, List<LoadBalancerIngress> ingress) {
        store.modify(ResourceType.SERVICE, s.getMetadata().getNamespace(), s.getMetadata().getName(), fresh -> {
            ServiceStatus status = Optional.ofNullable(fresh.getStatus()).orElseGet(ServiceStatus::new);
            status.setLoadBalancer(new LoadBalancerStatus(ingress));
            fresh.setStatus(status);
            return fresh;
        });
    }

    private static Optional<Ipv4> free(Cidr pool, Set<Ipv4> used) {
        // Skip the network and broadcast addresses of ordinary prefixes; /31 and /32 pools use every address.
        long first = pool.prefixLength() < 31 ? 1 : 0;
        long last = pool.prefixLength() < 31 ? pool.size() - 2 : pool.size() - 1;
        for (long n = first; n <= last; n++) {
            if (!used.contains(pool.host(n))) {
                return Optional.of(pool.host(n));
            }
        }
        return Optional.empty();
    }

    private static boolean isLoadBalancer(Service s) {
        return s.getSpec() != null && ServiceDefaults.LOAD_BALANCER.equals(s.getSpec().getType());
    }

    private static List<LoadBalancerIngress> ingress(Service s) {
        if (s.getStatus() == null || s.getStatus().getLoadBalancer() == null) {
            return List.of();
        }
        return Optional.ofNullable(s.getStatus().getLoadBalancer().getIngress()).orElse(List.of());
    }
}
