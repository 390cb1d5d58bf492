package dev.podwire.kinds.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podwire.labfile.ManifestRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The Deployment and ReplicaSet API versions removed in Kubernetes 1.16, read as apps/v1. extensions/v1beta1 and
 * apps/v1beta1 defaulted {@code spec.selector} to the template's labels; apps/v1beta2 made it required, as apps/v1
 * does. Deployments of those versions may carry {@code spec.rollbackTo}, which apps/v1 dropped.
 */
public final class WorkloadLegacy {
    /** extensions/v1beta1 Deployment (and ReplicaSet): selector defaulted. */
    public static final ManifestRules.Legacy EXTENSIONS_V1BETA1 =
            new ManifestRules.Legacy("extensions/v1beta1", "1.16", WorkloadLegacy::selectorDefaulted);
    /** apps/v1beta1 Deployment: selector defaulted. */
    public static final ManifestRules.Legacy APPS_V1BETA1 =
            new ManifestRules.Legacy("apps/v1beta1", "1.16", WorkloadLegacy::selectorDefaulted);
    /** apps/v1beta2 Deployment and ReplicaSet: selector required. */
    public static final ManifestRules.Legacy APPS_V1BETA2 =
            new ManifestRules.Legacy("apps/v1beta2", "1.16", WorkloadLegacy::selectorRequired);

    private WorkloadLegacy() {}

    private static List<ManifestRules.Warning> selectorDefaulted(ObjectNode input) {
        return rewrite(input, true);
    }

    private static List<ManifestRules.Warning> selectorRequired(ObjectNode input) {
        return rewrite(input, false);
    }

    private static List<ManifestRules.Warning> rewrite(ObjectNode input, boolean selectorDefaults) {
        List<ManifestRules.Warning> warnings = new ArrayList<>();
        if (!(input.get("spec") instanceof ObjectNode spec)) {
            return warnings;
        }
        if (spec.remove("rollbackTo") != null) {
            warnings.add(new ManifestRules.Warning("spec.rollbackTo", "spec.rollbackTo is ignored (apps/v1 has no"
                    + " rollback field)"));
        }
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        if (selectorDefaults && spec.path("selector").isMissingNode() && labels.isObject()) {
            spec.putObject("selector").set("matchLabels", labels.deepCopy());
        }
        return warnings;
    }
}
