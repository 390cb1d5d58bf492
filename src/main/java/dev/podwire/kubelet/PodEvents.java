package dev.podwire.kubelet;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Where kubelet's events about a pod go ({@code FailedCreatePodSandBox}, {@code Failed}, {@code BackOff},
 * {@code Started}): the store's Events, or the agent's log.
 */
@FunctionalInterface
public interface PodEvents {
    /** Writes each event to the agent's log only. */
    PodEvents LOG = (pod, type, reason, message) -> System.getLogger(PodEvents.class.getName()).log(
            type.equals("Warning") ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "event pod="
                    + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " type=" + type
                    + " reason=" + reason + ": " + message);

    /**
     * Records one event about {@code pod}.
     *
     * @param type {@code Normal} or {@code Warning}
     * @param reason kubelet's reason, e.g. {@code FailedCreatePodSandBox}
     * @param message kubelet's message
     */
    void record(Pod pod, String type, String reason, String message);
}
