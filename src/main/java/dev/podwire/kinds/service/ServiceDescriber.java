package dev.podwire.kinds.service;

import dev.podwire.kinds.Selectors;
import dev.podwire.kinds.endpoints.EndpointRows;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code kubectl describe service} ({@code describeService} in k8s.io/kubectl/pkg/describe): tab-separated lines
 * laid out by Go's tabwriter (minwidth 0, padding 2). Endpoints come from the Service's EndpointSlices. The
 * {@code last-applied-configuration} annotation is hidden, as current kubectl does; there are never events.
 */
public final class ServiceDescriber {
    private static final int MAX_ANNOTATION_LEN = 140;
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private ServiceDescriber() {}

    /** {@return kubectl's description of {@code service}, whose EndpointSlices are {@code slices}} */
    public static String describe(Service service, List<EndpointSlice> slices) {
        ServiceSpec spec = Optional.ofNullable(service.getSpec()).orElseGet(ServiceSpec::new);
        StringBuilder w = new StringBuilder();
        w.append("Name:\t").append(service.getMetadata().getName()).append('\n');
        w.append("Namespace:\t").append(service.getMetadata().getNamespace()).append('\n');
        labels(w, service.getMetadata().getLabels());
        annotations(w, service.getMetadata().getAnnotations());
        w.append("Selector:\t").append(Selectors.labels(spec.getSelector())).append('\n');
        w.append("Type:\t").append(Optional.ofNullable(spec.getType()).orElse("")).append('\n');
        if (spec.getIpFamilyPolicy() != null) {
            w.append("IP Family Policy:\t").append(spec.getIpFamilyPolicy()).append('\n');
        }
        w.append("IP Families:\t").append(joined(spec.getIpFamilies(), ",")).append('\n');
        w.append("IP:\t").append(Optional.ofNullable(spec.getClusterIP()).orElse("")).append('\n');
        w.append("IPs:\t").append(joined(spec.getClusterIPs(), ",")).append('\n');
        if (spec.getExternalIPs() != null && !spec.getExternalIPs().isEmpty()) {
            w.append("External IPs:\t").append(String.join(",", spec.getExternalIPs())).append('\n');
        }
        if (spec.getLoadBalancerIP() != null && !spec.getLoadBalancerIP().isEmpty()) {
            w.append("IP:\t").append(spec.getLoadBalancerIP()).append('\n');
        }
        if (spec.getExternalName() != null && !spec.getExternalName().isEmpty()) {
            w.append("External Name:\t").append(spec.getExternalName()).append('\n');
        }
        List<LoadBalancerIngress> ingress = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                ? List.of() : Optional.ofNullable(service.getStatus().getLoadBalancer().getIngress()).orElse(List.of());
        if (!ingress.isEmpty()) {
            w.append("LoadBalancer Ingress:\t").append(String.join(", ", ingress.stream()
                    .map(i -> i.getIp() != null && !i.getIp().isEmpty() ? i.getIp() : i.getHostname()).toList()))
                    .append('\n');
        }
        for (ServicePort p : Optional.ofNullable(spec.getPorts()).orElse(List.of())) {
            String name = Optional.ofNullable(p.getName()).filter(n -> !n.isEmpty()).orElse("<unset>");
            String protocol = Optional.ofNullable(p.getProtocol()).orElse("TCP");
            w.append("Port:\t").append(name).append('\t').append(p.getPort()).append('/').append(protocol).append('\n');
            IntOrString target = Optional.ofNullable(p.getTargetPort()).orElse(new IntOrString(0));
            w.append("TargetPort:\t").append(target.getStrVal() != null ? target.getStrVal() : target.getIntVal())
                    .append('/').append(protocol).append('\n');
            if (p.getNodePort() != null && p.getNodePort() != 0) {
                w.append("NodePort:\t").append(name).append('\t').append(p.getNodePort()).append('/').append(protocol)
                        .append('\n');
            }
            w.append("Endpoints:\t").append(EndpointRows.forPort(slices, Optional.ofNullable(p.getName()).orElse("")))
                    .append('\n');
        }
        w.append("Session Affinity:\t").append(Optional.ofNullable(spec.getSessionAffinity()).orElse("")).append('\n');
        if (spec.getExternalTrafficPolicy() != null && !spec.getExternalTrafficPolicy().isEmpty()) {
            w.append("External Traffic Policy:\t").append(spec.getExternalTrafficPolicy()).append('\n');
        }
        if (spec.getInternalTrafficPolicy() != null) {
            w.append("Internal Traffic Policy:\t").append(spec.getInternalTrafficPolicy()).append('\n');
        }
        if (spec.getHealthCheckNodePort() != null && spec.getHealthCheckNodePort() != 0) {
            w.append("HealthCheck NodePort:\t").append(spec.getHealthCheckNodePort()).append('\n');
        }
        if (spec.getLoadBalancerSourceRanges() != null && !spec.getLoadBalancerSourceRanges().isEmpty()) {
            w.append("LoadBalancer Source Ranges:\t").append(String.join(",", spec.getLoadBalancerSourceRanges()))
                    .append('\n');
        }
        w.append("Events:\t<none>\n");
        return TabWriter.format(w.toString(), 0, 2);
    }

    private static void labels(StringBuilder w, Map<String, String> labels) {
        w.append("Labels:\t");
        if (labels == null || labels.isEmpty()) {
            w.append("<none>\n");
            return;
        }
        String indent = "";
        for (var e : new TreeMap<>(labels).entrySet()) {
            w.append(indent).append(e.getKey()).append('=').append(e.getValue()).append('\n');
            indent = "\t";
        }
    }

    // printAnnotationsMultiline: "key: value", long or multi-line values on their own indented, shortened lines.
    private static void annotations(StringBuilder w, Map<String, String> annotations) {
        w.append("Annotations:\t");
        Map<String, String> shown = new TreeMap<>(Optional.ofNullable(annotations).orElse(Map.of()));
        shown.remove(LAST_APPLIED);
        if (shown.isEmpty()) {
            w.append("<none>\n");
            return;
        }
        String indent = "";
        for (var e : shown.entrySet()) {
            w.append(indent);
            indent = "\t";
            String value = e.getValue().endsWith("\n") ? e.getValue().substring(0, e.getValue().length() - 1) : e.getValue();
            if (value.length() + e.getKey().length() + 2 > MAX_ANNOTATION_LEN || value.contains("\n")) {
                w.append(e.getKey()).append(":\n");
                for (String line : value.split("\n", -1)) {
                    w.append("\t  ").append(line.length() > MAX_ANNOTATION_LEN - 2
                            ? line.substring(0, MAX_ANNOTATION_LEN - 2) + "..." : line).append('\n');
                }
            } else {
                w.append(e.getKey()).append(": ").append(value).append('\n');
            }
        }
    }

    private static String joined(List<String> values, String separator) {
        return values == null || values.isEmpty() ? "<none>" : String.join(separator, values);
    }
}
