package dev.podwire.control;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The EndpointSlice controller: for each Service with a selector, slices named {@code <service>-<5 random>} listing
 * the selected pods that have an address, with ready/serving/terminating conditions, node name and target ref. Pods
 * whose ports resolve alike share a slice (so usually there is exactly one); a Service with no such pods keeps one
 * empty placeholder slice. Slices are labelled {@value #SERVICE_NAME_LABEL} and managed-by
 * {@value #MANAGED_BY}; only slices with that label are ever changed or deleted, so the apiserver-style
 * {@code kubernetes} slice (and any a user writes) is left alone.
 */
final class EndpointSliceController {
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGED_BY = "endpointslice-controller.k8s.io";
    static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

    private final ClusterStore store;

    EndpointSliceController(ClusterStore store) {
        this.store = store;
    }

    void reconcile() {
        Map<String, Service> services = new TreeMap<>();
        store.list(ResourceType.SERVICE).stream().filter(ServiceBackends::managed)
                .forEach(s -> services.put(key(s.getMetadata().getNamespace(), s.getMetadata().getName()), s));
        List<Pod> pods = store.list(ResourceType.POD);
        Map<String, List<EndpointSlice>> owned = new TreeMap<>();
        for (EndpointSlice slice : store.list(ResourceType.ENDPOINT_SLICE)) {
            Map<String, String> labels = Optional.ofNullable(slice.getMetadata().getLabels()).orElse(Map.of());
            if (MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL)) && labels.containsKey(SERVICE_NAME_LABEL)) {
                owned.computeIfAbsent(key(slice.getMetadata().getNamespace(), labels.get(SERVICE_NAME_LABEL)),
                        _ -> new ArrayList<>()).add(slice);
            }
        }
        services.forEach((k, svc) -> sync(svc, ServiceBackends.of(svc, pods), owned.getOrDefault(k, List.of())));
        owned.forEach((k, slices) -> {
            if (!services.containsKey(k)) {
                slices.forEach(s -> store.delete(ResourceType.ENDPOINT_SLICE, s.getMetadata().getNamespace(),
                        s.getMetadata().getName()));
            }
        });
    }

    private void sync(Service svc, List<ServiceBackends.Backend> backends, List<EndpointSlice> existing) {
        // Group by resolved ports; LinkedHashMap keeps the backends' address order inside each group.
        Map<String, List<ServiceBackends.Backend>> groups = new TreeMap<>();
        for (ServiceBackends.Backend b : backends) {
            groups.computeIfAbsent(b.portKey(), _ -> new ArrayList<>()).add(b);
        }
        Map<String, EndpointSlice> byPorts = new LinkedHashMap<>();
        List<EndpointSlice> spare = new ArrayList<>();
        existing.stream().sorted(Comparator.comparing(s -> s.getMetadata().getName())).forEach(s -> {
            if (byPorts.putIfAbsent(portKey(s), s) != null) {
                spare.add(s);
            }
        });
        List<EndpointSlice> desired = new ArrayList<>();
        if (groups.isEmpty()) {
            desired.add(slice(svc, Optional.empty(), List.of()));
        }
        groups.values().forEach(g -> desired.add(slice(svc, Optional.of(g.getFirst().ports()), g)));
        List<EndpointSlice> unmatched = new ArrayList<>();
        for (EndpointSlice want : desired) {
            EndpointSlice match = byPorts.remove(portKey(want));
            if (match != null) {
                write(want, match);
            } else {
                unmatched.add(want);
            }
        }
        spare.addAll(byPorts.values());
        for (EndpointSlice want : unmatched) {
            if (!spare.isEmpty()) {
                write(want, spare.removeFirst());
            } else {
                // A generated-name clash (AlreadyExists) is harmless: the next pass draws another name.
                store.create(want);
            }
        }
        spare.forEach(s -> store.delete(ResourceType.ENDPOINT_SLICE, s.getMetadata().getNamespace(),
                s.getMetadata().getName()));
    }

    private void write(EndpointSlice want, EndpointSlice current) {
        store.modify(ResourceType.ENDPOINT_SLICE, current.getMetadata().getNamespace(), current.getMetadata().getName(),
                s -> {
                    s.getMetadata().setLabels(want.getMetadata().getLabels());
                    s.getMetadata().setOwnerReferences(want.getMetadata().getOwnerReferences());
                    s.setAddressType(want.getAddressType());
                    s.setEndpoints(want.getEndpoints());
                    s.setPorts(want.getPorts());
                    return s;
                });
    }

    private static EndpointSlice slice(Service svc, Optional<List<ServiceBackends.ResolvedPort>> ports,
            List<ServiceBackends.Backend> backends) {
        String name = svc.getMetadata().getName();
        Map<String, String> labels = new TreeMap<>(Optional.ofNullable(svc.getMetadata().getLabels()).orElse(Map.of()));
        labels.put(SERVICE_NAME_LABEL, name);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        if (ServiceDefaults.headless(svc.getSpec())) {
            labels.put(HEADLESS_LABEL, "");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (ServiceBackends.Backend b : backends) {
            Pod pod = b.pod();
            endpoints.add(new EndpointBuilder()
                    .withAddresses(b.ip().toString())
                    .withNewConditions().withReady(b.ready() && !b.terminating()).withServing(b.ready())
                    .withTerminating(b.terminating()).endConditions()
                    .withNodeName(pod.getSpec().getNodeName())
                    .withHostname(ServiceBackends.hostname(b, svc).orElse(null))
                    .withTargetRef(new ObjectReferenceBuilder().withKind("Pod")
                            .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                            .withUid(pod.getMetadata().getUid()).build())
                    .build());
        }
        return new EndpointSliceBuilder()
                .withNewMetadata().withGenerateName(name + "-").withNamespace(svc.getMetadata().getNamespace())
                .withLabels(labels).withOwnerReferences(Owners.controllerRef(svc)).endMetadata()
                .withAddressType("IPv4")
                .withEndpoints(endpoints)
                .withPorts(ports.map(EndpointSliceController::ports).orElse(null))
                .build();
    }

    private static List<EndpointPort> ports(List<ServiceBackends.ResolvedPort> ports) {
        return ports.stream().map(p -> new EndpointPort(null, p.name(), p.port(), p.protocol())).toList();
    }

    /** A slice's ports as a key comparable with {@link ServiceBackends.Backend#portKey()}; placeholders: "-". */
    private static String portKey(EndpointSlice slice) {
        if (slice.getPorts() == null || slice.getPorts().isEmpty()) {
            return slice.getEndpoints() == null || slice.getEndpoints().isEmpty() ? "-" : "";
        }
        return String.join(",", slice.getPorts().stream().map(p -> new ServiceBackends.ResolvedPort(
                Optional.ofNullable(p.getName()).orElse(""), p.getPort(), p.getProtocol()).toString()).toList());
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
