package dev.podwire.kinds.namespace;

import dev.podwire.kinds.ObjectChecks;
import dev.podwire.labfile.FieldError;
import dev.podwire.labfile.K8sNames;
import dev.podwire.labfile.ManifestRules;
import io.fabric8.kubernetes.api.model.Namespace;

/** Kubernetes' Namespace validation: a name that is a DNS label, valid labels. */
public final class NamespaceChecks {
    private NamespaceChecks() {}

    /**
     * Checks a Namespace read from a manifest.
     *
     * @throws FieldError for the first problem
     */
    public static void check(Namespace ns, ManifestRules.Context context) {
        ObjectChecks.metadata(ns.getMetadata(), K8sNames.Rule.DNS1123_LABEL, false);
    }
}
