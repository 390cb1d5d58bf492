package dev.podwire.kubelet;

import dev.podwire.net.Netns;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * Images the lab runs with something other than the built-in agnhost-like server, e.g. {@code coredns}, served by the
 * lab's own cluster DNS server inside the pod's namespace.
 */
@FunctionalInterface
public interface SpecialImages {
    /** No special images: every container gets the built-in server. */
    SpecialImages NONE = (ns, pod, container) -> Optional.empty();

    /** {@return what now runs for the container, closed when the pod goes; empty when the image is not special} */
    Optional<AutoCloseable> start(Netns podNetns, Pod pod, Container container);
}
