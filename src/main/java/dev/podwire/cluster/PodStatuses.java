package dev.podwire.cluster;

import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The pod status a kubelet writes as a pod starts, as pure functions over a pod. */
final class PodStatuses {
    private PodStatuses() {}

    /** The kubelet has accepted the pod and is creating its sandbox: containers wait in ContainerCreating. */
    static Pod creating(Pod pod, Ipv4 hostIp) {
        PodStatus status = statusOf(pod);
        status.setPhase("Pending");
        setHostIp(status, hostIp);
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            statuses.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("")
                    .withReady(false).withStarted(false).withRestartCount(0)
                    .withState(new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating")
                            .endWaiting().build())
                    .build());
        }
        status.setContainerStatuses(statuses);
        return pod;
    }

    /** Every container runs and is ready; the pod has its address. */
    static Pod running(Pod pod, Ipv4 podIp, Ipv4 hostIp, Instant startedAt) {
        String at = ClusterStore.rfc3339(startedAt);
        PodStatus status = statusOf(pod);
        status.setPhase("Running");
        setHostIp(status, hostIp);
        status.setPodIP(podIp.toString());
        status.setPodIPs(List.of(new PodIP(podIp.toString())));
        status.setStartTime(at);
        List<PodCondition> conditions = new ArrayList<>();
        for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady")) {
            conditions.add(condition(type, at));
        }
        String scheduledAt = Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
                .filter(c -> c.getType().equals("PodScheduled"))
                .map(PodCondition::getLastTransitionTime)
                .findFirst()
                .orElse(at);
        conditions.add(condition("PodScheduled", scheduledAt));
        status.setConditions(conditions);
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            statuses.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("")
                    .withReady(true).withStarted(true).withRestartCount(0)
                    .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(at).endRunning().build())
                    .build());
        }
        status.setContainerStatuses(statuses);
        return pod;
    }

    private static PodCondition condition(String type, String at) {
        PodCondition condition = new PodCondition();
        condition.setType(type);
        condition.setStatus("True");
        condition.setLastTransitionTime(at);
        return condition;
    }

    private static void setHostIp(PodStatus status, Ipv4 hostIp) {
        status.setHostIP(hostIp.toString());
        status.setHostIPs(List.of(new HostIP(hostIp.toString())));
    }

    private static PodStatus statusOf(Pod pod) {
        if (pod.getStatus() == null) {
            pod.setStatus(new PodStatus());
        }
        return pod.getStatus();
    }
}
