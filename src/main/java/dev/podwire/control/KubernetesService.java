package dev.podwire.control;

import static java.util.Objects.requireNonNull;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;

/**
 * The {@code default/kubernetes} Service every kubeadm cluster has: ClusterIP = the first address of the service
 * range, port {@code https} 443 → 6443, no selector; its EndpointSlice and Endpoints (both named {@code kubernetes})
 * point at the control-plane node, as the apiserver's own endpoint reconciler writes them.
 */
public final class KubernetesService {
    /** The apiserver's secure port. */
    public static final int API_SERVER_PORT = 6443;

    private KubernetesService() {}

    /**
     * Creates or refreshes the Service (through {@code admission}, so it is defaulted like any other), its
     * EndpointSlice and its Endpoints, pointing at {@code apiServer}:{@value #API_SERVER_PORT}.
     * {@return the stored Service}; throws {@link IllegalStateException} when its address is taken by another.
     */
    public static Service ensure(ServiceAdmission admission, ClusterStore store, Ipv4 apiServer) {
        requireNonNull(admission, "admission");
        requireNonNull(store, "store");
        requireNonNull(apiServer, "apiServer");
        Service stored = switch (admission.apply(service(admission.options()))) {
            case Admission.Admitted(var s) -> s;
            case Admission.Rejected(var message) -> throw new IllegalStateException(message);
        };
        put(store, slice(apiServer));
        put(store, endpoints(apiServer));
        return stored;
    }

    /** {@return the Service as kubeadm's apiserver creates it} */
    public static Service service(ServiceOptions options) {
        return new ServiceBuilder().withNewMetadata().withName("kubernetes").withNamespace("default")
                .addToLabels("component", "apiserver").addToLabels("provider", "kubernetes").endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(options.kubernetesClusterIp().toString())
                .addNewPort().withName("https").withPort(443).withProtocol("TCP")
                .withTargetPort(new IntOrString(API_SERVER_PORT)).endPort()
                .endSpec().build();
    }

    static EndpointSlice slice(Ipv4 apiServer) {
        return new EndpointSliceBuilder().withNewMetadata().withName("kubernetes").withNamespace("default")
                .addToLabels(EndpointSliceController.SERVICE_NAME_LABEL, "kubernetes").endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses(apiServer.toString()).withNewConditions().withReady(true)
                .endConditions().endEndpoint()
                .addNewPort().withName("https").withPort(API_SERVER_PORT).withProtocol("TCP").endPort()
                .build();
    }

    static Endpoints endpoints(Ipv4 apiServer) {
        return new EndpointsBuilder().withNewMetadata().withName("kubernetes").withNamespace("default")
                .addToLabels(EndpointsController.SKIP_MIRROR_LABEL, "true").endMetadata()
                .addNewSubset().addNewAddress().withIp(apiServer.toString()).endAddress()
                .withPorts(List.of(new EndpointPort(null, "https", API_SERVER_PORT, "TCP"))).endSubset()
                .build();
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void put(ClusterStore store, T object) {
        ResourceType<T> type = ResourceType.of(object);
        if (store.get(type, "default", "kubernetes").isEmpty()) {
            store.create(object);
        } else {
            // EndpointSlices and Endpoints have no spec for apply to merge: replace the whole object.
            store.update(object);
        }
    }
}
