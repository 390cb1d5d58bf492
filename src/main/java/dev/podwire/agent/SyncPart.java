package dev.podwire.agent;

import dev.podwire.datastore.Keys;
import dev.podwire.datastore.WatchEvent;
import java.util.EnumSet;
import java.util.Set;

/** The parts of a node's reconcile pass, each woken by the keys it reads. */
enum SyncPart {
    /** The lease, the backend's routes or VTEP entries and flannel's rules: follows {@code <prefix>/subnets/}. */
    BACKEND,
    /** The node's pods: follows {@code /registry/pods/}. */
    PODS,
    /** kube-proxy: follows Services, EndpointSlices and its ConfigMap. */
    PROXY;

    /** {@return the parts a registry watch event may affect}: every part after a compaction (a re-list is due) */
    static Set<SyncPart> of(WatchEvent event) {
        return switch (event) {
            case WatchEvent.Put put -> of(put.kv().key());
            case WatchEvent.Delete delete -> of(delete.key());
            case WatchEvent.Compacted compacted -> EnumSet.allOf(SyncPart.class);
        };
    }

    /**
     * {@return the parts a change of the {@code /registry/} key {@code key} may affect}: none for objects that reach a
     * node only through others (Deployments and ReplicaSets through Pods, Endpoints beside the EndpointSlices kube-proxy
     * reads), all of them for a key of a kind not known here.
     */
    static Set<SyncPart> of(String key) {
        String kind = key.startsWith(Keys.REGISTRY) ? key.substring(Keys.REGISTRY.length()) : "";
        if (kind.startsWith(Keys.PODS + "/")) {
            return EnumSet.of(PODS);
        }
        if (kind.startsWith(Keys.SERVICES + "/") || kind.startsWith(Keys.ENDPOINT_SLICES + "/")
                || kind.startsWith(Keys.CONFIG_MAPS + "/")) {
            return EnumSet.of(PROXY);
        }
        if (kind.startsWith(Keys.DEPLOYMENTS + "/") || kind.startsWith(Keys.REPLICA_SETS + "/")
                || kind.startsWith(Keys.ENDPOINTS + "/")) {
            return EnumSet.noneOf(SyncPart.class);
        }
        return EnumSet.allOf(SyncPart.class);
    }
}
