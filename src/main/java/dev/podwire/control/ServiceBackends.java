package dev.podwire.control;

import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pods behind a Service, as both endpoint controllers see them: selected by label, with a pod IP, not in a
 * terminal phase; each with its readiness and the service ports resolved against its containers
 * ({@code podutil.FindPort}: a named targetPort is the container port of that name and protocol, a number is taken
 * as is). A service port a pod cannot resolve is left out for that pod only. Pure.
 */
final class ServiceBackends {
    /**
     * One pod behind the service.
     *
     * @param pod         the pod
     * @param ip          its {@code status.podIP}
     * @param ready       its Ready condition is True
     * @param terminating it has a deletionTimestamp
     * @param ports       the service ports this pod serves, in service order
     */
    record Backend(Pod pod, Ipv4 ip, boolean ready, boolean terminating, List<ResolvedPort> ports) {
        Backend {
            ports = List.copyOf(ports);
        }

        /** {@return the ports as one comparable key; backends with equal keys share a slice or subset} */
        String portKey() {
            return String.join(",", ports.stream().map(ResolvedPort::toString).toList());
        }
    }

    /**
     * A service port resolved for one pod.
     *
     * @param name     the service port's name ({@code ""} when unnamed)
     * @param port     the pod's port number
     * @param protocol TCP, UDP or SCTP
     */
    record ResolvedPort(String name, int port, String protocol) {
        @Override
        public String toString() {
            return name + "=" + port + "/" + protocol;
        }
    }

    private ServiceBackends() {}

    /** {@return whether the Service has a non-empty selector, i.e. its endpoints are ours to manage} */
    static boolean managed(Service service) {
        return service.getSpec() != null && service.getSpec().getSelector() != null
                && !service.getSpec().getSelector().isEmpty()
                && !ServiceDefaults.EXTERNAL_NAME.equals(service.getSpec().getType())
                && service.getMetadata().getDeletionTimestamp() == null;
    }

    /** {@return the backends of {@code service} among {@code pods}, sorted by address then pod name} */
    static List<Backend> of(Service service, List<Pod> pods) {
        Map<String, String> selector = service.getSpec().getSelector();
        List<Backend> out = new ArrayList<>();
        for (Pod pod : pods) {
            Map<String, String> labels = Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
            boolean selected = pod.getMetadata().getNamespace().equals(service.getMetadata().getNamespace())
                    && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
            Optional<Ipv4> ip = Optional.ofNullable(pod.getStatus()).map(s -> s.getPodIP()).flatMap(Ipv4::tryParse);
            String phase = pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPhase());
            if (!selected || ip.isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
                continue;
            }
            List<ResolvedPort> ports = new ArrayList<>();
            for (ServicePort sp : Optional.ofNullable(service.getSpec().getPorts()).orElse(List.of())) {
                String protocol = Optional.ofNullable(sp.getProtocol()).orElse("TCP");
                findPort(pod, sp, protocol).ifPresent(p ->
                        ports.add(new ResolvedPort(Optional.ofNullable(sp.getName()).orElse(""), p, protocol)));
            }
            out.add(new Backend(pod, ip.get(), ReplicaSetController.ready(pod),
                    pod.getMetadata().getDeletionTimestamp() != null, ports));
        }
        out.sort(Comparator.comparing(Backend::ip).thenComparing(b -> b.pod().getMetadata().getName()));
        return out;
    }

    /** {@return the pod's port for {@code servicePort}, or empty when a named target port is not declared} */
    static Optional<Integer> findPort(Pod pod, ServicePort servicePort, String protocol) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null) {
            return Optional.ofNullable(servicePort.getPort());
        }
        if (target.getStrVal() == null) {
            return Optional.ofNullable(target.getIntVal());
        }
        for (Container c : Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of())) {
            for (ContainerPort p : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
                String portProtocol = Optional.ofNullable(p.getProtocol()).orElse("TCP");
                if (target.getStrVal().equals(p.getName()) && portProtocol.equals(protocol)) {
                    return Optional.of(p.getContainerPort());
                }
            }
        }
        // A numeric string ("8080") is a port number, as intstr's parse of an unquoted YAML value would give.
        return target.getStrVal().matches("[0-9]{1,5}")
                ? Optional.of(Integer.parseInt(target.getStrVal())) : Optional.empty();
    }

    /** {@return whether the pod's hostname goes into its endpoint: it names the Service as its subdomain} */
    static Optional<String> hostname(Backend backend, Service service) {
        var spec = backend.pod().getSpec();
        boolean set = spec.getHostname() != null && !spec.getHostname().isEmpty()
                && service.getMetadata().getName().equals(spec.getSubdomain());
        return set ? Optional.of(spec.getHostname()) : Optional.empty();
    }
}
