package dev.podwire.kinds.workload;

import dev.podwire.kinds.Age;
import dev.podwire.kinds.Selectors;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** kubectl's deployment and replicaset columns ({@code printDeployment}, {@code printReplicaSet}). */
public final class WorkloadRows {
    /** The columns of Deployments. */
    public static final List<String> DEPLOYMENT_HEADER = List.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
    /** The columns of ReplicaSets. */
    public static final List<String> REPLICA_SET_HEADER = List.of("NAME", "DESIRED", "CURRENT", "READY", "AGE");
    /** The columns {@code -o wide} adds to both. */
    public static final List<String> WIDE = List.of("CONTAINERS", "IMAGES", "SELECTOR");

    private WorkloadRows() {}

    /** {@return the cells of {@code d}'s row} */
    public static List<String> deployment(Deployment d, Instant now, boolean wide) {
        DeploymentStatus status = Optional.ofNullable(d.getStatus()).orElseGet(DeploymentStatus::new);
        int desired = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
        List<String> row = new ArrayList<>(List.of(d.getMetadata().getName(),
                count(status.getReadyReplicas()) + "/" + desired,
                String.valueOf(count(status.getUpdatedReplicas())),
                String.valueOf(count(status.getAvailableReplicas())),
                Age.since(Optional.ofNullable(d.getMetadata().getCreationTimestamp()), now)));
        if (wide) {
            row.addAll(wideCells(d.getSpec().getTemplate(), d.getSpec().getSelector()));
        }
        return row;
    }

    /** {@return the cells of {@code rs}'s row} */
    public static List<String> replicaSet(ReplicaSet rs, Instant now, boolean wide) {
        ReplicaSetStatus status = Optional.ofNullable(rs.getStatus()).orElseGet(ReplicaSetStatus::new);
        List<String> row = new ArrayList<>(List.of(rs.getMetadata().getName(),
                String.valueOf(Optional.ofNullable(rs.getSpec().getReplicas()).orElse(1)),
                String.valueOf(count(status.getReplicas())),
                String.valueOf(count(status.getReadyReplicas())),
                Age.since(Optional.ofNullable(rs.getMetadata().getCreationTimestamp()), now)));
        if (wide) {
            row.addAll(wideCells(rs.getSpec().getTemplate(), rs.getSpec().getSelector()));
        }
        return row;
    }

    private static List<String> wideCells(PodTemplateSpec template, LabelSelector selector) {
        List<Container> containers = template == null || template.getSpec() == null
                ? List.of() : Optional.ofNullable(template.getSpec().getContainers()).orElse(List.of());
        return List.of(
                String.join(",", containers.stream().map(Container::getName).toList()),
                String.join(",", containers.stream().map(Container::getImage).toList()),
                Selectors.selector(selector));
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
