package dev.podwire.workload;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one pod's built-in server must look like.
 *
 * @param podName the pod name, answered by {@code /hostname} (agnhost returns the pod's hostname)
 * @param namespace the Kubernetes namespace, for logs
 * @param image the container image, e.g. {@code nginx:1.14.2}; decides the page served on {@code /}
 * @param ports the container ports; no two with the same number and protocol
 */
public record WorkloadSpec(String podName, String namespace, String image, List<PortSpec> ports) {

    /** Validates and copies. */
    public WorkloadSpec {
        requireText("podName", podName);
        requireText("namespace", namespace);
        requireText("image", image);
        ports = List.copyOf(ports);
        Set<String> seen = new HashSet<>();
        for (PortSpec p : ports) {
            if (!seen.add(p.port() + "/" + p.protocol())) {
                throw new IllegalArgumentException("ports: " + p.port() + "/" + p.protocol()
                        + " listed twice (expected: each port number and protocol at most once)");
            }
        }
    }

    private static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException(field + ": \"" + value
                    + "\" (expected: non-empty printable ASCII without spaces)");
        }
    }
}
