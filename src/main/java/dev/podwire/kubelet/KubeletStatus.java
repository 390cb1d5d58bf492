package dev.podwire.kubelet;

import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod status kubelet writes ({@code generateAPIPodStatus}), as a pure function of what the node knows: the
 * sandbox (its address, or why it could not be made) and each container's {@link ContainerTrack}. Phase as kubelet's
 * {@code getPhase}; conditions {@code PodReadyToStartContainers}, {@code Initialized}, {@code ContainersReady},
 * {@code Ready} (a container is ready while it runs: readiness probes are not modelled yet), {@code PodScheduled}
 * kept from the scheduler; transition times kept while a condition's status stays.
 */
final class KubeletStatus {
    private KubeletStatus() {}

    /**
     * What the node knows of one pod.
     *
     * @param podIp its address, once its sandbox is up
     * @param sandboxError why its sandbox could not be made, if it could not
     * @param containers the tracks of its containers, by name
     */
    record View(Optional<Ipv4> podIp, Optional<String> sandboxError, Map<String, ContainerTrack> containers) {}

    /** {@return the status for {@code pod} as the node sees it at {@code now}} */
    static PodStatus of(Pod pod, View view, Ipv4 hostIp, Instant now) {
        PodStatus old = Optional.ofNullable(pod.getStatus()).orElseGet(PodStatus::new);
        String at = rfc3339(now);
        List<ContainerStatus> statuses = new ArrayList<>();
        List<String> unready = new ArrayList<>();
        int pending = 0;
        int running = 0;
        int stopped = 0;
        int succeeded = 0;
        for (Container c : pod.getSpec().getContainers()) {
            Optional<ContainerTrack> t = Optional.ofNullable(view.containers().get(c.getName()));
            ContainerStatus s = containerStatus(c, t);
            statuses.add(s);
            if (!Boolean.TRUE.equals(s.getReady())) {
                unready.add(c.getName());
            }
            if (s.getState().getRunning() != null) {
                running++;
            } else if (s.getState().getTerminated() != null) {
                stopped++;
                if (s.getState().getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                stopped++;
            } else {
                pending++;
            }
        }
        String policy = Optional.ofNullable(pod.getSpec().getRestartPolicy()).orElse("Always");
        PodStatus status = new PodStatus();
        status.setPhase(phase(pending, running, stopped, succeeded, policy));
        status.setHostIP(hostIp.toString());
        status.setHostIPs(List.of(new HostIP(hostIp.toString())));
        view.podIp().ifPresent(ip -> {
            status.setPodIP(ip.toString());
            status.setPodIPs(List.of(new PodIP(ip.toString())));
        });
        status.setStartTime(Optional.ofNullable(old.getStartTime()).orElse(at));
        boolean sandbox = view.podIp().isPresent();
        String notReady = "containers with unready status: [" + String.join(" ", unready) + "]";
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition(old, "PodReadyToStartContainers", sandbox, "", "", at));
        conditions.add(condition(old, "Initialized", true, "", "", at));
        conditions.add(condition(old, "Ready", unready.isEmpty(), "ContainersNotReady", notReady, at));
        conditions.add(condition(old, "ContainersReady", unready.isEmpty(), "ContainersNotReady", notReady, at));
        Optional.ofNullable(old.getConditions()).orElse(List.of()).stream()
                .filter(c -> "PodScheduled".equals(c.getType())).findFirst()
                .ifPresentOrElse(conditions::add, () -> conditions.add(condition(old, "PodScheduled", true, "", "", at)));
        status.setConditions(conditions);
        status.setContainerStatuses(statuses);
        status.setQosClass(old.getQosClass());
        return status;
    }

    // kubelet's getPhase, without init containers.
    private static String phase(int pending, int running, int stopped, int succeeded, String policy) {
        if (pending > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (stopped > 0) {
            if (policy.equals("Always")) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return policy.equals("OnFailure") ? "Running" : "Failed";
        }
        return "Pending";
    }

    private static ContainerStatus containerStatus(Container c, Optional<ContainerTrack> track) {
        ContainerStatusBuilder b = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                .withImageID("").withRestartCount(track.map(ContainerTrack::restarts).orElse(0));
        ContainerState state;
        if (track.isEmpty()) {
            state = waiting("ContainerCreating", "");
        } else if (track.get().running().isPresent()) {
            state = new ContainerStateBuilder().withNewRunning().withStartedAt(rfc3339(track.get().running().get()))
                    .endRunning().build();
        } else if (track.get().done().isPresent()) {
            state = terminated(track.get().done().get());
        } else {
            ContainerTrack.Waiting w = track.get().waiting().orElse(new ContainerTrack.Waiting("ContainerCreating", ""));
            state = waiting(w.reason(), w.message());
        }
        boolean isRunning = state.getRunning() != null;
        b.withState(state).withReady(isRunning).withStarted(isRunning);
        track.flatMap(ContainerTrack::last).ifPresent(last -> b.withLastState(terminated(last)));
        return b.build();
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason)
                .withMessage(message.isEmpty() ? null : message).endWaiting().build();
    }

    private static ContainerState terminated(ContainerTrack.Terminated t) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(t.exitCode()).withReason(t.reason())
                .withMessage(t.message().isEmpty() ? null : t.message()).withStartedAt(rfc3339(t.startedAt()))
                .withFinishedAt(rfc3339(t.finishedAt())).endTerminated().build();
    }

    private static PodCondition condition(PodStatus old, String type, boolean ok, String reason, String message,
            String at) {
        String status = ok ? "True" : "False";
        String since = Optional.ofNullable(old.getConditions()).orElse(List.of()).stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus())).findFirst()
                .map(PodCondition::getLastTransitionTime).orElse(at);
        PodConditionBuilder b = new PodConditionBuilder().withType(type).withStatus(status)
                .withLastTransitionTime(since);
        if (!ok && !reason.isEmpty()) {
            b.withReason(reason).withMessage(message);
        }
        return b.build();
    }

    private static String rfc3339(Instant t) {
        return dev.podwire.cluster.ClusterStore.rfc3339(t);
    }
}
