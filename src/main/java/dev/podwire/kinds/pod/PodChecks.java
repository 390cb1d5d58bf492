package dev.podwire.kinds.pod;

import dev.podwire.kinds.ObjectChecks;
import dev.podwire.labfile.FieldError;
import dev.podwire.labfile.K8sNames;
import dev.podwire.labfile.ManifestRules;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Kubernetes' Pod validation, as far as it is static: names, containers, images, ports, restart policy. */
public final class PodChecks {
    private PodChecks() {}

    /**
     * Checks a Pod read from a manifest.
     *
     * @throws FieldError for the first problem
     */
    public static void check(Pod pod, ManifestRules.Context context) {
        ObjectChecks.metadata(pod.getMetadata(), K8sNames.Rule.DNS1123_SUBDOMAIN, true);
        podSpec(pod.getSpec(), "spec", Set.of("Always", "OnFailure", "Never"));
    }

    /**
     * Checks a pod spec at {@code path} ({@code spec}, or {@code spec.template.spec} in a controller's template):
     * containers, their names, images and ports, and a restart policy among {@code restartPolicies}.
     *
     * @throws FieldError for the first problem
     */
    public static void podSpec(PodSpec spec, String path, Set<String> restartPolicies) {
        String hint = "add a container with an image and ports";
        if (spec == null || spec.getContainers() == null || spec.getContainers().isEmpty()) {
            throw new FieldError(path + ".containers", "[] (expected: at least one container)", hint);
        }
        String policy = spec.getRestartPolicy();
        if (policy != null && !restartPolicies.contains(policy)) {
            throw new FieldError(path + ".restartPolicy", policy + " (expected: one of "
                    + String.join(", ", restartPolicies.stream().sorted().toList()) + ")",
                    "controllers keep pods running, so their templates use Always");
        }
        Set<String> names = new HashSet<>();
        Map<String, String> portNames = new HashMap<>();
        List<Container> init = spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
        for (int i = 0; i < init.size(); i++) {
            container(init.get(i), path + ".initContainers[" + i + "]", names, portNames);
        }
        for (int i = 0; i < spec.getContainers().size(); i++) {
            container(spec.getContainers().get(i), path + ".containers[" + i + "]", names, portNames);
        }
    }

    private static void container(Container c, String path, Set<String> names, Map<String, String> portNames) {
        if (c.getName() == null || c.getName().isEmpty()) {
            throw new FieldError(path + ".name", "missing (expected: a container name)", "e.g. name: nginx");
        }
        K8sNames.require(K8sNames.Rule.DNS1123_LABEL, path + ".name", c.getName(), "e.g. name: nginx");
        if (!names.add(c.getName())) {
            throw new FieldError(path + ".name", c.getName() + " (expected: unique container names in a pod)",
                    "rename one of the containers");
        }
        if (c.getImage() == null || c.getImage().isBlank()) {
            throw new FieldError(path + ".image", "missing (expected: an image such as nginx:1.14.2)",
                    "the image picks the built-in workload (nginx, httpd, agnhost, busybox ...)");
        }
        List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort p = ports.get(i);
            String pp = path + ".ports[" + i + "]";
            if (p.getContainerPort() == null || p.getContainerPort() < 1 || p.getContainerPort() > 65535) {
                throw new FieldError(pp + ".containerPort", p.getContainerPort() + " (expected: 1..65535)",
                        "the port the container listens on, e.g. 80");
            }
            if (p.getHostPort() != null && (p.getHostPort() < 0 || p.getHostPort() > 65535)) {
                throw new FieldError(pp + ".hostPort", p.getHostPort() + " (expected: 0..65535)", "usually omitted");
            }
            ObjectChecks.protocol(p.getProtocol(), pp + ".protocol");
            if (p.getName() != null) {
                if (!K8sNames.isPortName(p.getName())) {
                    throw new FieldError(pp + ".name", p.getName() + " (expected: an IANA service name: at most 15"
                            + " lower-case letters, digits and '-', with a letter)", "e.g. name: http");
                }
                String prev = portNames.putIfAbsent(p.getName(), pp);
                if (prev != null) {
                    throw new FieldError(pp + ".name", p.getName() + " is already used at " + prev
                            + " (expected: unique port names in a pod)", "rename one of the ports");
                }
            }
        }
    }

}
