package dev.podwire.dns;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/**
 * The cluster objects the zone is built from. A namespace exists for DNS when a Namespace object names it or any
 * Service, EndpointSlice or Pod lives in it (CoreDNS answers NXDOMAIN for every name in a namespace it does not know).
 *
 * @param services       every Service
 * @param endpointSlices every EndpointSlice (matched to Services by the {@code kubernetes.io/service-name} label)
 * @param pods           every Pod (only their namespaces matter: pod records are answered in insecure mode)
 * @param namespaces     every Namespace
 */
public record ClusterObjects(
        List<Service> services, List<EndpointSlice> endpointSlices, List<Pod> pods, List<Namespace> namespaces) {
    public ClusterObjects {
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        pods = List.copyOf(pods);
        namespaces = List.copyOf(namespaces);
    }

    /** {@return a cluster with no objects} */
    public static ClusterObjects empty() {
        return new ClusterObjects(List.of(), List.of(), List.of(), List.of());
    }
}
