package dev.podwire.labfile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;

/**
 * What reading a manifest needs to know of one kind: the fabric8 class it binds to, its current {@code apiVersion}
 * and {@code kind}, whether its objects live in a namespace, and how its manifests are read and checked. The kind
 * registry ({@code dev.podwire.cluster.KindRegistry}, whose entries are {@code ResourceType}s) sits above this
 * package and passes its kinds to {@link LabFiles}.
 *
 * @param <T> the model class
 */
public interface ManifestKind<T extends HasMetadata> {
    /** {@return the fabric8 model class documents of this kind bind to} */
    Class<T> type();

    /** {@return the current {@code apiVersion}, e.g. {@code apps/v1}} */
    String apiVersion();

    /** {@return the {@code kind}, e.g. {@code Deployment}} */
    String kind();

    /** {@return whether objects live in a namespace ({@code default} when a manifest names none)} */
    boolean namespaced();

    /** {@return how manifests of this kind are read and checked; empty when only controllers write it} */
    Optional<ManifestRules<T>> manifests();
}
