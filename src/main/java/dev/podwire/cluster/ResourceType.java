package dev.podwire.cluster;

import static java.util.Objects.requireNonNull;

import dev.podwire.datastore.Keys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/**
 * A kind of Kubernetes object the {@link ClusterStore} keeps, with its place in the key layout.
 *
 * @param type       the fabric8 model class
 * @param apiVersion the object's {@code apiVersion}, e.g. {@code apps/v1}
 * @param kind       the object's {@code kind}, e.g. {@code Deployment}
 * @param resource   the resource segment of its keys ({@link Keys})
 * @param namespaced whether objects live in a namespace
 * @param <T>        the model class
 */
public record ResourceType<T extends HasMetadata>(
        Class<T> type, String apiVersion, String kind, String resource, boolean namespaced) {
    /** Pods. */
    public static final ResourceType<Pod> POD = new ResourceType<>(Pod.class, "v1", "Pod", Keys.PODS, true);
    /** Deployments. */
    public static final ResourceType<Deployment> DEPLOYMENT =
            new ResourceType<>(Deployment.class, "apps/v1", "Deployment", Keys.DEPLOYMENTS, true);
    /** ReplicaSets. */
    public static final ResourceType<ReplicaSet> REPLICA_SET =
            new ResourceType<>(ReplicaSet.class, "apps/v1", "ReplicaSet", Keys.REPLICA_SETS, true);
    /** Services. */
    public static final ResourceType<Service> SERVICE =
            new ResourceType<>(Service.class, "v1", "Service", Keys.SERVICES, true);
    /** EndpointSlices ({@code discovery.k8s.io/v1}). */
    public static final ResourceType<EndpointSlice> ENDPOINT_SLICE = new ResourceType<>(
            EndpointSlice.class, "discovery.k8s.io/v1", "EndpointSlice", Keys.ENDPOINT_SLICES, true);
    /** Legacy Endpoints (core v1), kept beside EndpointSlices because {@code kubectl get endpoints} reads them. */
    public static final ResourceType<Endpoints> ENDPOINTS =
            new ResourceType<>(Endpoints.class, "v1", "Endpoints", Keys.ENDPOINTS, true);
    /** ConfigMaps (kube-system/kube-proxy holds kube-proxy's configuration). */
    public static final ResourceType<ConfigMap> CONFIG_MAP =
            new ResourceType<>(ConfigMap.class, "v1", "ConfigMap", Keys.CONFIG_MAPS, true);
    /** Namespaces. */
    public static final ResourceType<Namespace> NAMESPACE =
            new ResourceType<>(Namespace.class, "v1", "Namespace", Keys.NAMESPACES, false);
    /** Nodes. */
    public static final ResourceType<Node> NODE = new ResourceType<>(Node.class, "v1", "Node", Keys.NODES, false);

    private static final List<ResourceType<?>> ALL = List.of(POD, DEPLOYMENT, REPLICA_SET, SERVICE, ENDPOINT_SLICE, ENDPOINTS, CONFIG_MAP, NAMESPACE, NODE);

    public ResourceType {
        requireNonNull(type, "type");
        requireNonNull(apiVersion, "apiVersion");
        requireNonNull(kind, "kind");
        requireNonNull(resource, "resource");
    }

    /** {@return every type the store knows} */
    public static List<ResourceType<?>> all() {
        return ALL;
    }

    /** {@return the type of {@code object}'s class} */
    @SuppressWarnings("unchecked")
    public static <T extends HasMetadata> ResourceType<T> of(T object) {
        requireNonNull(object, "object");
        for (ResourceType<?> candidate : ALL) {
            if (candidate.type() == object.getClass()) {
                return (ResourceType<T>) candidate;
            }
        }
        throw new IllegalArgumentException("kind: " + object.getClass().getSimpleName()
                + " (expected: one of Pod, Deployment, ReplicaSet, Service, EndpointSlice, Endpoints, ConfigMap, Namespace, Node)");
    }

    /** {@return the datastore key of the object {@code namespace/name} (namespace {@code ""} when cluster-scoped)} */
    public String key(String namespace, String name) {
        requireNonNull(namespace, "namespace");
        if (namespaced && namespace.isEmpty()) {
            throw new IllegalArgumentException("namespace: \"\" (expected: a namespace for " + kind + ")");
        }
        if (!namespaced && !namespace.isEmpty()) {
            throw new IllegalArgumentException("namespace: " + namespace + " (expected: \"\" for cluster-scoped " + kind + ")");
        }
        return namespaced ? Keys.namespaced(resource, namespace, name) : Keys.clusterScoped(resource, name);
    }

    /** {@return the prefix of every object of this type} */
    public String prefix() {
        return Keys.prefix(resource);
    }

    /** {@return the prefix of this type's objects in {@code namespace}} */
    public String prefix(String namespace) {
        if (!namespaced) {
            throw new IllegalArgumentException("namespace: " + namespace + " (expected: none for cluster-scoped " + kind + ")");
        }
        return Keys.prefix(resource, namespace);
    }
}
