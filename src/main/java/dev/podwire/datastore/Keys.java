package dev.podwire.datastore;

import static java.util.Objects.requireNonNull;

import dev.podwire.net.Cidr;

/**
 * The key layout shared by every component, copied from the real systems: Kubernetes' apiserver stores objects under
 * {@code /registry/<resource>/<namespace>/<name>} (cluster-scoped ones without the namespace segment; each kind's
 * resource segment is declared with the kind, in {@code cluster.ResourceType}), flannel keeps its network config
 * and subnet leases under {@code /coreos.com/network/}.
 */
public final class Keys {
    /** Root of every Kubernetes object. */
    public static final String REGISTRY = "/registry/";
    // The resource segment of each kind is declared with the kind (cluster.ResourceType, listed in
    // cluster.KindRegistry, whose ofKey maps a key back to its kind). The copies below serve agent.SyncPart only,
    // until the node loop wakes its syncers through KindRegistry.ofKey; KindRegistryTest keeps them equal to the kinds'.
    // Do not add to them.
    /** Pods' segment; see {@code ResourceType.POD}. */
    public static final String PODS = "pods";
    /** Deployments' segment; see {@code ResourceType.DEPLOYMENT}. */
    public static final String DEPLOYMENTS = "deployments";
    /** ReplicaSets' segment; see {@code ResourceType.REPLICA_SET}. */
    public static final String REPLICA_SETS = "replicasets";
    /** Services' segment; see {@code ResourceType.SERVICE}. */
    public static final String SERVICES = "services/specs";
    /** Endpoints' segment; see {@code ResourceType.ENDPOINTS}. */
    public static final String ENDPOINTS = "services/endpoints";
    /** EndpointSlices' segment; see {@code ResourceType.ENDPOINT_SLICE}. */
    public static final String ENDPOINT_SLICES = "endpointslices";
    /** ConfigMaps' segment; see {@code ResourceType.CONFIG_MAP}. */
    public static final String CONFIG_MAPS = "configmaps";

    /** Root of flannel's keys ({@code --etcd-prefix}). */
    public static final String FLANNEL_PREFIX = "/coreos.com/network/";
    /** flannel's net-conf.json. */
    public static final String FLANNEL_CONFIG = FLANNEL_PREFIX + "config";
    /** Prefix of flannel's subnet leases. */
    public static final String FLANNEL_SUBNETS = FLANNEL_PREFIX + "subnets/";

    private Keys() {}

    /** {@return the key of a namespaced object, e.g. {@code /registry/pods/default/nginx}} */
    public static String namespaced(String resource, String namespace, String name) {
        return REGISTRY + requireSegment("resource", resource) + "/" + requireSegment("namespace", namespace) + "/"
                + requireSegment("name", name);
    }

    /** {@return the key of a cluster-scoped object, e.g. {@code /registry/minions/node-1}} */
    public static String clusterScoped(String resource, String name) {
        return REGISTRY + requireSegment("resource", resource) + "/" + requireSegment("name", name);
    }

    /** {@return the prefix of every object of {@code resource}, ending in {@code /}} */
    public static String prefix(String resource) {
        return REGISTRY + requireSegment("resource", resource) + "/";
    }

    /** {@return the prefix of the objects of {@code resource} in one namespace, ending in {@code /}} */
    public static String prefix(String resource, String namespace) {
        return prefix(resource) + requireSegment("namespace", namespace) + "/";
    }

    /** {@return flannel's lease key for {@code subnet}, e.g. {@code /coreos.com/network/subnets/10.244.1.0-24}} */
    public static String flannelSubnet(Cidr subnet) {
        return FLANNEL_SUBNETS + subnet.toString().replace('/', '-');
    }

    /** {@return {@code key}} @throws IllegalArgumentException unless it is a {@code /}-rooted path */
    public static String requireValid(String key) {
        requireNonNull(key, "key");
        if (!key.startsWith("/") || key.length() < 2) {
            throw new IllegalArgumentException("key: " + key + " (expected: a path starting with / such as /registry/pods/default/nginx)");
        }
        return key;
    }

    private static String requireSegment(String field, String value) {
        requireNonNull(value, field);
        // "services/specs" is the one resource with an inner slash; names and namespaces never have one.
        boolean badSlash = field.equals("resource") ? value.startsWith("/") || value.endsWith("/") : value.contains("/");
        if (value.isEmpty() || badSlash) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: a non-empty path segment)");
        }
        return value;
    }
}
