package dev.podwire.kinds.pod;

import dev.podwire.kinds.Age;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** kubectl's pod columns ({@code printPod} in kubernetes/pkg/printers/internalversion). */
public final class PodRows {
    /** The columns. */
    public static final List<String> HEADER = List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE");
    /** The columns {@code -o wide} adds. */
    public static final List<String> WIDE = List.of("IP", "NODE", "NOMINATED NODE", "READINESS GATES");

    private PodRows() {}

    /** {@return the cells of {@code pod}'s row} */
    public static List<String> row(Pod pod, Instant now, boolean wide) {
        PodSpec spec = Optional.ofNullable(pod.getSpec()).orElseGet(PodSpec::new);
        PodStatus status = Optional.ofNullable(pod.getStatus()).orElseGet(PodStatus::new);
        List<ContainerStatus> statuses = Optional.ofNullable(status.getContainerStatuses()).orElse(List.of());
        String reason = Optional.ofNullable(status.getReason()).filter(r -> !r.isEmpty())
                .orElse(Optional.ofNullable(status.getPhase()).orElse(""));
        int restarts = 0;
        int ready = 0;
        // kubectl walks container statuses from the last, so the first container's state wins the STATUS cell.
        for (ContainerStatus c : statuses.reversed()) {
            restarts += Optional.ofNullable(c.getRestartCount()).orElse(0);
            var state = c.getState();
            if (state != null && state.getWaiting() != null && nonEmpty(state.getWaiting().getReason())) {
                reason = state.getWaiting().getReason();
            } else if (state != null && state.getTerminated() != null && nonEmpty(state.getTerminated().getReason())) {
                reason = state.getTerminated().getReason();
            } else if (state != null && state.getTerminated() != null) {
                var t = state.getTerminated();
                reason = t.getSignal() != null && t.getSignal() != 0
                        ? "Signal:" + t.getSignal() : "ExitCode:" + t.getExitCode();
            } else if (Boolean.TRUE.equals(c.getReady()) && state != null && state.getRunning() != null) {
                ready++;
            }
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            reason = "NodeLost".equals(status.getReason()) ? "Unknown" : "Terminating";
        }
        List<String> row = new ArrayList<>(List.of(pod.getMetadata().getName(),
                ready + "/" + Optional.ofNullable(spec.getContainers()).map(List::size).orElse(0),
                reason, String.valueOf(restarts),
                Age.since(Optional.ofNullable(pod.getMetadata().getCreationTimestamp()), now)));
        if (wide) {
            row.add(podIp(status));
            row.add(orNone(spec.getNodeName()));
            row.add(orNone(status.getNominatedNodeName()));
            row.add(readinessGates(spec, status));
        }
        return row;
    }

    private static String podIp(PodStatus status) {
        if (status.getPodIPs() != null && !status.getPodIPs().isEmpty()) {
            return status.getPodIPs().getFirst().getIp();
        }
        return orNone(status.getPodIP());
    }

    private static String readinessGates(PodSpec spec, PodStatus status) {
        List<PodReadinessGate> gates = Optional.ofNullable(spec.getReadinessGates()).orElse(List.of());
        if (gates.isEmpty()) {
            return "<none>";
        }
        List<PodCondition> conditions = Optional.ofNullable(status.getConditions()).orElse(List.of());
        long met = gates.stream().filter(g -> conditions.stream().anyMatch(
                c -> c.getType().equals(g.getConditionType()) && "True".equals(c.getStatus()))).count();
        return met + "/" + gates.size();
    }

    private static String orNone(String value) {
        return nonEmpty(value) ? value : "<none>";
    }

    private static boolean nonEmpty(String value) {
        return value != null && !value.isEmpty();
    }
}
