package dev.podwire.runtime;

import dev.podwire.net.Netns;
import dev.podwire.workload.PortSpec;
import java.util.List;
import java.util.Objects;

/**
 * One container to run in a pod's network namespace: a built-in server (agnhost/nginx/httpd-like, one per port) when
 * {@code command} is empty, else that host program. Plain strings and lists so it travels as one JSON line.
 *
 * @param netns the pod's namespace name ({@code <lab>-pod-<hash>})
 * @param podNamespace the pod's Kubernetes namespace
 * @param podName the pod's name
 * @param podUid the pod's UID: a pod re-created under the same name is a different pod
 * @param name the container's name
 * @param image the container's image (decides the built-in server's pages)
 * @param ports the container's ports, served by the built-in server
 * @param command the program and arguments of a {@code command} container; empty for a built-in server
 * @param log where a command container's output goes (absolute path); unused for built-in servers
 */
public record ContainerSpec(String netns, String podNamespace, String podName, String podUid, String name,
        String image, List<PortSpec> ports, List<String> command, String log) {

    /** Validates and copies. */
    public ContainerSpec {
        Netns.of(netns);
        // '_' separates the parts of the ID and '/' would leave the pid-file directory.
        requireName("podNamespace", podNamespace);
        requireName("podName", podName);
        requireName("podUid", podUid);
        requireName("name", name);
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(log, "log");
        ports = List.copyOf(ports);
        command = List.copyOf(command);
        if (!command.isEmpty() && !log.startsWith("/")) {
            throw new IllegalArgumentException("log: \"" + log + "\" (expected: an absolute path for a command container)");
        }
    }

    private static void requireName(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank() || value.contains("_") || value.contains("/")) {
            throw new IllegalArgumentException(field + ": \"" + value
                    + "\" (expected: a non-empty name without '_' or '/')");
        }
    }

    /** {@return the container's ID, kubelet's log directory style: {@code <ns>_<pod>_<uid>_<container>}} */
    public String id() {
        return podNamespace + "_" + podName + "_" + podUid + "_" + name;
    }

    /** {@return the pod's namespace as a value} */
    public Netns podNetns() {
        return Netns.of(netns);
    }

    /** {@return {@code <namespace>/<name>} of the pod} */
    public String podKey() {
        return podNamespace + "/" + podName;
    }
}
