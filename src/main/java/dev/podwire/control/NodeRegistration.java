package dev.podwire.control;

import static java.util.Objects.requireNonNull;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.List;

/**
 * What the lab knows about one of its nodes, turned into a Node object by {@link NodeLifecycle}.
 *
 * @param name             node name, e.g. {@code hostgw-master}
 * @param internalIp       the node's underlay address (InternalIP)
 * @param podCidrs         the node's pod CIDRs ({@code spec.podCIDRs}); may be empty before allocation
 * @param controlPlane     whether to label it {@code node-role.kubernetes.io/control-plane}
 * @param kernelVersion    the host kernel, e.g. {@code 6.8.0-45-generic}
 * @param kubeletVersion   reported kubelet version, e.g. {@code v1.33.0}
 * @param osImage          reported OS image
 * @param containerRuntime reported container runtime, e.g. {@code podwire://0.1.0}
 * @param maxPods kubelet's {@code maxPods}: how many pods the node takes (default {@value #DEFAULT_MAX_PODS})
 */
public record NodeRegistration(String name, Ipv4 internalIp, List<Cidr> podCidrs, boolean controlPlane,
        String kernelVersion, String kubeletVersion, String osImage, String containerRuntime, int maxPods) {
    /** The kubelet version nodes report unless told otherwise. */
    public static final String DEFAULT_KUBELET_VERSION = "v1.33.0";
    /** kubelet's default {@code maxPods}. */
    public static final int DEFAULT_MAX_PODS = 110;

    public NodeRegistration {
        requireNonNull(name, "name");
        if (!name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException("name: " + name + " (expected: a DNS subdomain such as hostgw-node)");
        }
        requireNonNull(internalIp, "internalIp");
        podCidrs = List.copyOf(podCidrs);
        requireNonNull(kernelVersion, "kernelVersion");
        requireNonNull(kubeletVersion, "kubeletVersion");
        requireNonNull(osImage, "osImage");
        requireNonNull(containerRuntime, "containerRuntime");
        if (maxPods < 1) {
            throw new IllegalArgumentException("maxPods: " + maxPods + " (expected: >= 1)");
        }
    }

    /**
     * {@return how many pods the node can hold}: {@code maxPods}, and no more than its first pod CIDR has addresses
     * for (host-local hands out every address but the network, the gateway {@code .1} and the broadcast address).
     * Real kubelets report {@code maxPods} alone and let a full range fail at sandbox creation; capping by the range,
     * as GKE does, lets the scheduler leave such pods Pending with a reason instead.
     */
    public int podCapacity() {
        if (podCidrs.isEmpty()) {
            return maxPods;
        }
        long usable = Math.max(0, podCidrs.getFirst().size() - 3);
        return (int) Math.min(maxPods, usable);
    }

    /** {@return a registration with kubelet {@value #DEFAULT_KUBELET_VERSION} and podwire's OS image and runtime} */
    public static NodeRegistration of(String name, Ipv4 internalIp, List<Cidr> podCidrs, boolean controlPlane,
            String kernelVersion) {
        return new NodeRegistration(name, internalIp, podCidrs, controlPlane, kernelVersion, DEFAULT_KUBELET_VERSION,
                "podwire lab node", "podwire://0.1.0", DEFAULT_MAX_PODS);
    }
}
