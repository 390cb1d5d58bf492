package dev.podwire.daemon;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.cluster.WriteResult;
import dev.podwire.control.Admission;
import dev.podwire.control.ServiceAdmission;
import dev.podwire.rpc.RequestException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The API server's write path in the daemon: what {@code up}, {@code apply}, {@code scale} and {@code delete} change
 * goes through here. Services are admitted first (ClusterIP and NodePort allocation, as the API server's admission
 * does), everything else is validated by the store; deletions cascade as the garbage collector would.
 */
final class ClusterWrites {
    private final ClusterStore cluster;
    private final ServiceAdmission admission;

    ClusterWrites(ClusterStore cluster, ServiceAdmission admission) {
        this.cluster = cluster;
        this.admission = admission;
    }

    /** Puts an object without a namespace into {@code default}, as kubectl does; Namespaces have none. */
    static void defaultNamespace(HasMetadata o) {
        if (o.getMetadata().getNamespace() == null && !(o instanceof Namespace)) {
            o.getMetadata().setNamespace("default");
        }
    }

    /** Creates or updates objects, namespaces first. */
    void apply(List<HasMetadata> objects) {
        List<HasMetadata> ordered = new ArrayList<>(objects);
        ordered.sort((a, b) -> Boolean.compare(!(a instanceof Namespace), !(b instanceof Namespace)));
        for (HasMetadata o : ordered) {
            defaultNamespace(o);
            write(o);
        }
    }

    /**
     * Creates or updates one object; Services go through admission (ClusterIP and NodePort allocation) as the API
     * server does. {@return whether it existed before}
     *
     * @throws RequestException when admission rejects a Service, or the store refuses the object
     */
    boolean write(HasMetadata o) {
        // By the object's kind: a cluster-scoped object (a Namespace) has no namespace to look it up in.
        boolean existed = cluster.find(o).isPresent();
        if (o instanceof Service svc) {
            switch (admission.apply(svc)) {
                case Admission.Admitted a -> { }
                case Admission.Rejected(var message) -> throw new RequestException(2, message);
            }
        } else {
            try {
                cluster.apply(o);
            } catch (IllegalArgumentException e) {
                // kubectl's exit code for what the API server refuses.
                throw new RequestException(1, e.getMessage());
            }
        }
        return existed;
    }

    /** Sets a Deployment's replicas; {@return whether it exists} */
    boolean scaleDeployment(String ns, String name, int replicas) {
        return found(cluster.scale(ns, name, replicas));
    }

    /** Sets a ReplicaSet's replicas; {@return whether it exists} */
    boolean scaleReplicaSet(String ns, String name, int replicas) {
        return found(cluster.modify(ResourceType.REPLICA_SET, ns, name, rs -> {
            rs.getSpec().setReplicas(replicas);
            return rs;
        }));
    }

    private static boolean found(WriteResult<?> r) {
        return !(r instanceof WriteResult.NotFound<?>);
    }

    /** Asks for a pod's deletion (its node's agent stops it and removes it); {@return whether it exists} */
    boolean deletePod(String ns, String name) {
        return cluster.requestPodDeletion(ns, name);
    }

    /** Deletes a Service; {@return whether it existed} */
    boolean deleteService(String ns, String name) {
        return cluster.delete(ResourceType.SERVICE, ns, name);
    }

    /** Deletes a Deployment, then cascades to its ReplicaSets and their pods; {@return whether it existed} */
    boolean deleteDeployment(String ns, String name) {
        // Cascade as the garbage collector does: the deployment's replicasets, then their pods.
        boolean existed = cluster.delete(ResourceType.DEPLOYMENT, ns, name);
        for (ReplicaSet rs : owned(cluster.list(ResourceType.REPLICA_SET, ns), name)) {
            deleteReplicaSet(ns, rs.getMetadata().getName());
        }
        return existed;
    }

    /** Deletes a ReplicaSet and asks for its pods' deletion; {@return whether it existed} */
    boolean deleteReplicaSet(String ns, String name) {
        boolean existed = cluster.delete(ResourceType.REPLICA_SET, ns, name);
        for (Pod p : owned(cluster.list(ResourceType.POD, ns), name)) {
            cluster.requestPodDeletion(ns, p.getMetadata().getName());
        }
        return existed;
    }

    private static <T extends HasMetadata> List<T> owned(List<T> objects, String owner) {
        return objects.stream().filter(o -> Optional.ofNullable(o.getMetadata().getOwnerReferences())
                .orElse(List.of()).stream().map(OwnerReference::getName).anyMatch(owner::equals)).toList();
    }
}
