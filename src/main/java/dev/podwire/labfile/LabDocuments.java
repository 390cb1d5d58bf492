package dev.podwire.labfile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code podwire up} reads from its files: the validated lab and the Kubernetes objects to create.
 *
 * @param lab the one Lab document
 * @param objects the manifests in file order (files in the order given), namespaces defaulted to {@code default}
 * @param warnings lines {@code file:line: text} about deprecated or questionable input, in input order
 */
public record LabDocuments(LabSpec lab, List<HasMetadata> objects, List<String> warnings) {
    /** Copies the lists. */
    public LabDocuments {
        Objects.requireNonNull(lab, "lab");
        objects = List.copyOf(objects);
        warnings = List.copyOf(warnings);
    }
}
