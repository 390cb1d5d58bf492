package dev.podwire.labfile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The Kubernetes objects of {@code podwire apply -f}, validated against a running lab.
 *
 * @param objects the manifests in file order, namespaces defaulted to {@code default}
 * @param warnings lines {@code file:line: text} about deprecated input, in input order
 */
public record ManifestSet(List<HasMetadata> objects, List<String> warnings) {
    /** Copies the lists. */
    public ManifestSet {
        objects = List.copyOf(objects);
        warnings = List.copyOf(warnings);
    }
}
