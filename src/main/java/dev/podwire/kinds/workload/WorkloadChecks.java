package dev.podwire.kinds.workload;

import dev.podwire.kinds.ObjectChecks;
import dev.podwire.kinds.pod.PodChecks;
import dev.podwire.labfile.FieldError;
import dev.podwire.labfile.K8sNames;
import dev.podwire.labfile.ManifestRules;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes' Deployment and ReplicaSet validation, as far as it is static: replicas, a selector that selects the
 * pod template's labels, and the template's pod spec ({@link PodChecks}).
 */
public final class WorkloadChecks {
    private static final String TEMPLATE = "a Deployment's spec looks like {replicas: 3, selector: {matchLabels:"
            + " {app: nginx}}, template: {metadata: {labels: {app: nginx}}, spec: {containers: [...]}}}";

    private WorkloadChecks() {}

    /**
     * Checks a Deployment read from a manifest.
     *
     * @throws FieldError for the first problem
     */
    public static void deployment(Deployment d, ManifestRules.Context context) {
        ObjectChecks.metadata(d.getMetadata(), K8sNames.Rule.DNS1123_SUBDOMAIN, true);
        if (d.getSpec() == null) {
            throw new FieldError("spec", "missing (expected: replicas, selector and template)", TEMPLATE);
        }
        workload(d.getSpec().getReplicas(), d.getSpec().getSelector(), d.getSpec().getTemplate());
    }

    /**
     * Checks a ReplicaSet read from a manifest.
     *
     * @throws FieldError for the first problem
     */
    public static void replicaSet(ReplicaSet rs, ManifestRules.Context context) {
        ObjectChecks.metadata(rs.getMetadata(), K8sNames.Rule.DNS1123_SUBDOMAIN, true);
        if (rs.getSpec() == null) {
            throw new FieldError("spec", "missing (expected: replicas, selector and template)", TEMPLATE);
        }
        workload(rs.getSpec().getReplicas(), rs.getSpec().getSelector(), rs.getSpec().getTemplate());
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
        PodChecks.podSpec(template.getSpec(), "spec.template.spec", Set.of("Always"));
    }

    /** {@return whether the selector selects {@code labels}}, after validating its expressions */
    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
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

    private static String shown(Map<String, String> labels) {
        return new java.util.TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
    }

}
