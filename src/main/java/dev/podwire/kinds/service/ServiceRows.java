package dev.podwire.kinds.service;

import dev.podwire.kinds.Age;
import dev.podwire.kinds.Selectors;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** kubectl's service columns ({@code printService}). */
public final class ServiceRows {
    /** The columns. */
    public static final List<String> HEADER = List.of("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE");
    /** The columns {@code -o wide} adds. */
    public static final List<String> WIDE = List.of("SELECTOR");

    private ServiceRows() {}

    /** {@return the cells of {@code service}'s row} */
    public static List<String> row(Service service, Instant now, boolean wide) {
        ServiceSpec spec = Optional.ofNullable(service.getSpec()).orElseGet(ServiceSpec::new);
        String type = Optional.ofNullable(spec.getType()).filter(t -> !t.isEmpty()).orElse("ClusterIP");
        List<String> row = new ArrayList<>(List.of(service.getMetadata().getName(), type,
                orNone(spec.getClusterIP()), externalIp(service, spec, type), ports(spec),
                Age.since(Optional.ofNullable(service.getMetadata().getCreationTimestamp()), now)));
        if (wide) {
            row.add(Selectors.labels(spec.getSelector()));
        }
        return row;
    }

    private static String externalIp(Service service, ServiceSpec spec, String type) {
        List<String> external = Optional.ofNullable(spec.getExternalIPs()).orElse(List.of());
        return switch (type) {
            case "ClusterIP", "NodePort" -> external.isEmpty() ? "<none>" : String.join(",", external);
            case "LoadBalancer" -> {
                List<String> ips = new ArrayList<>();
                if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null) {
                    for (LoadBalancerIngress in : Optional.ofNullable(
                            service.getStatus().getLoadBalancer().getIngress()).orElse(List.of())) {
                        ips.add(in.getIp() != null && !in.getIp().isEmpty() ? in.getIp() : in.getHostname());
                    }
                }
                ips.addAll(external);
                yield ips.isEmpty() ? "<pending>" : String.join(",", ips);
            }
            case "ExternalName" -> orNone(spec.getExternalName());
            default -> "<unknown>";
        };
    }

    private static String ports(ServiceSpec spec) {
        List<ServicePort> ports = Optional.ofNullable(spec.getPorts()).orElse(List.of());
        if (ports.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        for (ServicePort p : ports) {
            String protocol = Optional.ofNullable(p.getProtocol()).orElse("TCP");
            parts.add(p.getNodePort() != null && p.getNodePort() > 0
                    ? p.getPort() + ":" + p.getNodePort() + "/" + protocol
                    : p.getPort() + "/" + protocol);
        }
        return String.join(",", parts);
    }

    private static String orNone(String value) {
        return value != null && !value.isEmpty() ? value : "<none>";
    }
}
