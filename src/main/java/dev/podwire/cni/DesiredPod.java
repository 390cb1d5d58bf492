package dev.podwire.cni;

import dev.podwire.net.IfName;
import dev.podwire.net.Netns;
import java.util.Objects;

/**
 * A pod the store assigns to this node, with the names its wiring has.
 *
 * @param podNamespace the pod's Kubernetes namespace
 * @param podName the pod's name
 * @param podUid the pod's UID
 * @param containerId the sandbox's container ID (host-local IPAM's key)
 * @param pod the pod's network namespace
 * @param hostVeth the node-side veth
 */
public record DesiredPod(String podNamespace, String podName, String podUid, String containerId, Netns pod,
        IfName hostVeth) implements Comparable<DesiredPod> {

    /** Validates. */
    public DesiredPod {
        Objects.requireNonNull(podNamespace, "podNamespace");
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(podUid, "podUid");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(hostVeth, "hostVeth");
    }

    /** {@return {@code <namespace>/<name>}} */
    public String key() {
        return podNamespace + "/" + podName;
    }

    @Override
    public int compareTo(DesiredPod o) {
        return key().compareTo(o.key());
    }
}
