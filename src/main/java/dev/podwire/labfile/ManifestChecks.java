package dev.podwire.labfile;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Value checks of one bound manifest, with Kubernetes' rules and field paths: names, containers, ports, replicas,
 * selectors. Services are checked by {@link ServiceChecks}.
 */
final class ManifestChecks {
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

    private ManifestChecks() {}

    static void check(HasMetadata object, ServiceChecks.Range services) {
        switch (object) {
            case Namespace ns -> metadata(ns.getMetadata(), K8sNames.Rule.DNS1123_LABEL, false);
            case Pod pod -> {
                metadata(pod.getMetadata(), K8sNames.Rule.DNS1123_SUBDOMAIN, true);
                podSpec(pod.getSpec(), "spec", Set.of("Always", "OnFailure", "Never"));
            }
            case Deployment d -> {
                metadata(d.getMetadata(), K8sNames.Rule.DNS1123_SUBDOMAIN, true);
                if (d.getSpec() == null) {
                    throw new FieldError("spec", "missing (expected: replicas, selector and template)", TEMPLATE);
                }
                workload(d.getSpec().getReplicas(), d.getSpec().getSelector(), d.getSpec().getTemplate());
            }
            case ReplicaSet rs -> {
                metadata(rs.getMetadata(), K8sNames.Rule.DNS1123_SUBDOMAIN, true);
                if (rs.getSpec() == null) {
                    throw new FieldError("spec", "missing (expected: replicas, selector and template)", TEMPLATE);
                }
                workload(rs.getSpec().getReplicas(), rs.getSpec().getSelector(), rs.getSpec().getTemplate());
            }
            case Service svc -> {
                metadata(svc.getMetadata(), K8sNames.Rule.DNS1035_LABEL, true);
                ServiceChecks.check(svc, services);
            }
            case io.fabric8.kubernetes.api.model.ConfigMap cm -> {
                metadata(cm.getMetadata(), K8sNames.Rule.DNS1123_SUBDOMAIN, true);
                configMap(cm);
            }
            default -> throw new IllegalStateException("unexpected kind " + object.getKind());
        }
    }

    /** kube-proxy's ConfigMap must hold a configuration its proxies can run with; other ConfigMaps are data. */
    private static void configMap(io.fabric8.kubernetes.api.model.ConfigMap cm) {
        if (!KubeProxyConfigs.NAMESPACE.equals(cm.getMetadata().getNamespace())
                || !KubeProxyConfigs.NAME.equals(cm.getMetadata().getName())) {
            return;
        }
        String at = "data[\"" + KubeProxyConfigs.KEY + "\"]";
        String text = cm.getData() == null ? null : cm.getData().get(KubeProxyConfigs.KEY);
        if (text == null) {
            throw new FieldError("data", "no " + KubeProxyConfigs.KEY + " (expected: kube-proxy's"
                    + " KubeProxyConfiguration under data." + KubeProxyConfigs.KEY + ")",
                    "start from podwire get configmap kube-proxy -n kube-system -o yaml");
        }
        try {
            KubeProxyOptions options = KubeProxyConfigs.read(text);
            if (options.mode().unsupported().isPresent()) {
                throw new FieldError("mode", options.mode().unsupported().get(),
                        "podwire implements kube-proxy's iptables mode");
            }
        } catch (FieldError e) {
            throw new FieldError(at, (e.path().isEmpty() ? "" : e.path() + ": ") + e.problem(), e.hint());
        }
    }

    private static final String TEMPLATE = "a Deployment's spec looks like {replicas: 3, selector: {matchLabels:"
            + " {app: nginx}}, template: {metadata: {labels: {app: nginx}}, spec: {containers: [...]}}}";

    private static void metadata(ObjectMeta meta, K8sNames.Rule rule, boolean namespaced) {
        if (meta == null || meta.getName() == null || meta.getName().isEmpty()) {
            throw new FieldError(meta == null ? "metadata" : "metadata.name", "missing (expected: a name)",
                    "podwire needs explicit names; generateName is not supported");
        }
        K8sNames.require(rule, "metadata.name", meta.getName(), "names are lower-case, like nginx-deployment");
        if (namespaced) {
            K8sNames.require(K8sNames.Rule.DNS1123_LABEL, "metadata.namespace", meta.getNamespace(),
                    "namespaces are lower-case DNS labels; leave it out for \"default\"");
        }
        K8sNames.requireLabels("metadata.labels", meta.getLabels());
    }

    private static void workload(Integer replicas, LabelSelector selector, PodTemplateSpec template) {
        if (replicas != null && replicas < 0) {
            throw new FieldError("spec.replicas", replicas + " (expected: must be greater than or equal to 0)",
                    "replicas counts pods; 0 stops them all");
        }
        if (template == null) {
            throw new FieldError("spec.template", "missing (expected: a pod template)", TEMPLATE);
        }
        Map<String, String> labels = template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels();
        K8sNames.requireLabels("spec.template.metadata.labels", labels);
        if (selector == null) {
            throw new FieldError("spec.selector", "missing (expected: a label selector)", "apps/v1 requires"
                    + " spec.selector, usually matchLabels equal to spec.template.metadata.labels");
        }
        boolean empty = (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
        if (empty) {
            throw new FieldError("spec.selector", "{} (expected: empty selector is invalid for deployment)",
                    "select the template's labels, e.g. matchLabels: {app: nginx}");
        }
        K8sNames.requireLabels("spec.selector.matchLabels", selector.getMatchLabels());
        if (!matches(selector, labels)) {
            String wanted = selector.getMatchLabels() == null ? "its matchExpressions"
                    : "matchLabels " + shown(selector.getMatchLabels());
            throw new FieldError("spec.template.metadata.labels", shown(labels) + ": selector does not match"
                    + " template labels (expected: labels selected by " + wanted + ")", "make"
                    + " spec.selector.matchLabels a subset of spec.template.metadata.labels");
        }
        podSpec(template.getSpec(), "spec.template.spec", Set.of("Always"));
    }

    /** {@return whether the selector selects {@code labels}}, after validating its expressions */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null) {
            for (var e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        List<LabelSelectorRequirement> exprs = selector.getMatchExpressions() == null ? List.of()
                : selector.getMatchExpressions();
        boolean all = true;
        for (int i = 0; i < exprs.size(); i++) {
            LabelSelectorRequirement r = exprs.get(i);
            String path = "spec.selector.matchExpressions[" + i + "]";
            List<String> values = r.getValues() == null ? List.of() : r.getValues();
            String op = r.getOperator() == null ? "" : r.getOperator();
            boolean needsValues = op.equals("In") || op.equals("NotIn");
            if (!needsValues && !op.equals("Exists") && !op.equals("DoesNotExist")) {
                throw new FieldError(path + ".operator", op + " (expected: In, NotIn, Exists or DoesNotExist)",
                        "e.g. {key: app, operator: In, values: [nginx]}");
            }
            if (needsValues == values.isEmpty()) {
                throw new FieldError(path + ".values", values + " (expected: " + (needsValues ? "non-empty" : "empty")
                        + " for operator " + op + ")", "In and NotIn take values; Exists and DoesNotExist do not");
            }
            String v = r.getKey() == null ? null : labels.get(r.getKey());
            all &= switch (op) {
                case "In" -> v != null && values.contains(v);
                case "NotIn" -> v == null || !values.contains(v);
                case "Exists" -> v != null;
                default -> v == null;
            };
        }
        return all;
    }

    private static void podSpec(PodSpec spec, String path, Set<String> restartPolicies) {
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
            protocol(p.getProtocol(), pp + ".protocol");
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

    private static String shown(Map<String, String> labels) {
        return new java.util.TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
    }

    static void protocol(String protocol, String path) {
        if (protocol != null && !PROTOCOLS.contains(protocol)) {
            throw new FieldError(path, protocol + " (expected: TCP, UDP or SCTP)", "protocols are upper-case;"
                    + " TCP is the default");
        }
    }
}
