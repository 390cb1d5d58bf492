package dev.podwire.kinds;

import dev.podwire.labfile.FieldError;
import dev.podwire.labfile.K8sNames;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Set;

/** Checks every kind's manifests share, with Kubernetes' wording: object metadata and protocol names. */
public final class ObjectChecks {
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

    private ObjectChecks() {}

    /**
     * Checks {@code metadata}: a name following {@code rule}, a namespace that is a DNS label (for namespaced kinds),
     * valid labels.
     *
     * @throws FieldError for the first problem
     */
    public static void metadata(ObjectMeta meta, K8sNames.Rule rule, boolean namespaced) {
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

    /**
     * Checks a {@code protocol} field at {@code path} (absent means TCP).
     *
     * @throws FieldError unless it is TCP, UDP or SCTP
     */
    public static void protocol(String protocol, String path) {
        if (protocol != null && !PROTOCOLS.contains(protocol)) {
            throw new FieldError(path, protocol + " (expected: TCP, UDP or SCTP)", "protocols are upper-case;"
                    + " TCP is the default");
        }
    }
}
