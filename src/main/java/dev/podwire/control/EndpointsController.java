package dev.podwire.control;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The legacy Endpoints controller: an {@code Endpoints} object named like each Service with a selector, whose
 * subsets group pods by resolved ports, ready pods under {@code addresses} and the others under
 * {@code notReadyAddresses}. Terminating pods are left out (unless {@code publishNotReadyAddresses}), as in
 * Kubernetes. Managed objects carry {@value #SKIP_MIRROR_LABEL}{@code =true}, as the real controller's do; only
 * those are deleted, and only when their Service is gone (a Service without selector keeps whatever Endpoints it
 * has, such as the {@code kubernetes} one).
 */
final class EndpointsController {
    static final String SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror";

    private final ClusterStore store;

    EndpointsController(ClusterStore store) {
        this.store = store;
    }

    void reconcile() {
        Map<String, Service> services = new TreeMap<>();
        java.util.Set<String> existing = new java.util.HashSet<>();
        for (Service s : store.list(ResourceType.SERVICE)) {
            String key = s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
            existing.add(key);
            if (ServiceBackends.managed(s)) {
                services.put(key, s);
            }
        }
        var pods = store.list(ResourceType.POD);
        for (Service svc : services.values()) {
            Endpoints want = desired(svc, ServiceBackends.of(svc, pods));
            String ns = svc.getMetadata().getNamespace();
            String name = svc.getMetadata().getName();
            if (store.get(ResourceType.ENDPOINTS, ns, name).isEmpty()) {
                store.create(want);
                continue;
            }
            store.modify(ResourceType.ENDPOINTS, ns, name, e -> {
                e.getMetadata().setLabels(want.getMetadata().getLabels());
                e.setSubsets(want.getSubsets());
                return e;
            });
        }
        for (Endpoints e : store.list(ResourceType.ENDPOINTS)) {
            String key = e.getMetadata().getNamespace() + "/" + e.getMetadata().getName();
            boolean ours = "true".equals(Optional.ofNullable(e.getMetadata().getLabels()).orElse(Map.of())
                    .get(SKIP_MIRROR_LABEL));
            if (ours && !existing.contains(key)) {
                store.delete(ResourceType.ENDPOINTS, e.getMetadata().getNamespace(), e.getMetadata().getName());
            }
        }
    }

    static Endpoints desired(Service svc, List<ServiceBackends.Backend> backends) {
        boolean publishNotReady = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
        Map<String, EndpointSubset> subsets = new TreeMap<>();
        for (ServiceBackends.Backend b : backends) {
            if (b.terminating() && !publishNotReady) {
                continue;
            }
            // A service with ports that this pod resolves none of gets no subset entry, as in Kubernetes.
            if (b.ports().isEmpty() && !Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of()).isEmpty()) {
                continue;
            }
            EndpointSubset subset = subsets.computeIfAbsent(b.portKey(), _ -> new EndpointSubset(
                    new ArrayList<>(), new ArrayList<>(), ports(b.ports())));
            EndpointAddress address = new EndpointAddressBuilder().withIp(b.ip().toString())
                    .withNodeName(b.pod().getSpec().getNodeName())
                    .withHostname(ServiceBackends.hostname(b, svc).orElse(null))
                    .withTargetRef(new ObjectReferenceBuilder().withKind("Pod")
                            .withNamespace(b.pod().getMetadata().getNamespace())
                            .withName(b.pod().getMetadata().getName()).withUid(b.pod().getMetadata().getUid()).build())
                    .build();
            (b.ready() || publishNotReady ? subset.getAddresses() : subset.getNotReadyAddresses()).add(address);
        }
        Map<String, String> labels = new TreeMap<>(Optional.ofNullable(svc.getMetadata().getLabels()).orElse(Map.of()));
        labels.put(SKIP_MIRROR_LABEL, "true");
        if (ServiceDefaults.headless(svc.getSpec())) {
            labels.put(EndpointSliceController.HEADLESS_LABEL, "");
        }
        List<EndpointSubset> ordered = new ArrayList<>(subsets.values());
        ordered.sort(Comparator.comparing(EndpointsController::firstIp));
        return new EndpointsBuilder().withNewMetadata().withName(svc.getMetadata().getName())
                .withNamespace(svc.getMetadata().getNamespace()).withLabels(labels).endMetadata()
                .withSubsets(ordered).build();
    }

    private static List<EndpointPort> ports(List<ServiceBackends.ResolvedPort> ports) {
        // The repacked subsets of the real controller list ports in no meaningful order; ours go by name.
        return ports.stream().sorted(Comparator.comparing(ServiceBackends.ResolvedPort::name))
                .map(p -> new EndpointPort(null, p.name().isEmpty() ? null : p.name(), p.port(), p.protocol()))
                .toList();
    }

    private static dev.podwire.net.Ipv4 firstIp(EndpointSubset subset) {
        List<EndpointAddress> all = new ArrayList<>(subset.getAddresses());
        all.addAll(subset.getNotReadyAddresses());
        return all.stream().map(a -> dev.podwire.net.Ipv4.parse(a.getIp())).min(Comparator.naturalOrder())
                .orElseThrow();
    }
}
