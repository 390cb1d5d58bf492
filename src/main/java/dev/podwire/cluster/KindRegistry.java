package dev.podwire.cluster;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds a lab serves, and every lookup of a kind: by object ({@link ClusterStore}'s writes), by datastore key
 * (which syncers a change wakes), by the CLI's resource names ({@code get}, {@code describe}, {@code delete}) and by
 * manifest apiVersion/kind ({@link #all()} goes to {@code LabFiles}). The order is the registry's: messages listing
 * kinds keep it. To add a kind, declare it (a {@link ResourceType}, whose checks and columns live in its own package
 * under {@code dev.podwire.kinds}) and add it to {@link #DEFAULT}; tests register extra kinds with {@link #with}.
 */
public final class KindRegistry {
    /** The kinds podwire serves: namespaces first, as manifests are applied; then in the order errors list them. */
    public static final KindRegistry DEFAULT = new KindRegistry(List.of(
            ResourceType.NAMESPACE,
            ResourceType.POD,
            ResourceType.SERVICE,
            ResourceType.CONFIG_MAP,
            ResourceType.DEPLOYMENT,
            ResourceType.REPLICA_SET,
            ResourceType.ENDPOINT_SLICE,
            ResourceType.ENDPOINTS,
            ResourceType.NODE));

    private final List<ResourceType<?>> kinds;
    private final Map<Class<?>, ResourceType<?>> byClass = new HashMap<>();
    private final Map<String, ResourceType<?>> byName = new HashMap<>();
    // Longest prefix first, so that no kind's keys are claimed by a kind whose segment is a prefix of its own.
    private final List<ResourceType<?>> byPrefix;

    /**
     * A registry of {@code kinds}, in that order.
     *
     * @throws IllegalArgumentException when two kinds share a model class, a key prefix or a resource name
     */
    public KindRegistry(List<ResourceType<?>> kinds) {
        this.kinds = List.copyOf(kinds);
        Map<String, ResourceType<?>> prefixes = new HashMap<>();
        for (ResourceType<?> k : this.kinds) {
            unique("type", k.type().getName(), byClass.put(k.type(), k));
            unique("resource", k.resource(), prefixes.put(k.prefix(), k));
            for (String name : k.names().all()) {
                unique("names", name, byName.put(name.toLowerCase(Locale.ROOT), k));
            }
        }
        this.byPrefix = this.kinds.stream().sorted(Comparator.comparingInt(
                (ResourceType<?> k) -> k.prefix().length()).reversed()).toList();
    }

    private static void unique(String field, String value, ResourceType<?> previous) {
        if (previous != null) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: unique among kinds; "
                    + previous.kind() + " has it too)");
        }
    }

    /** {@return a registry of these kinds followed by {@code more}} */
    public KindRegistry with(ResourceType<?>... more) {
        List<ResourceType<?>> all = new ArrayList<>(kinds);
        all.addAll(List.of(more));
        return new KindRegistry(all);
    }

    /** {@return every kind, in the registry's order} */
    public List<ResourceType<?>> all() {
        return kinds;
    }

    /**
     * {@return the kind of {@code object}, by its class}
     *
     * @throws IllegalArgumentException for a class no kind has
     */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> ResourceType<T> of(T object) {
        requireNonNull(object, "object");
        ResourceType<?> type = byClass.get(object.getClass());
        if (type == null) {
            throw new IllegalArgumentException("kind: " + object.getClass().getSimpleName() + " (expected: one of "
                    + String.join(", ", kinds.stream().map(ResourceType::kind).toList()) + ")");
        }
        // byClass maps each class to the kind whose type() it is.
        return (ResourceType<T>) type;
    }

    /**
     * {@return the kind whose objects live under {@code key}}, e.g. Pods for {@code /registry/pods/default/web};
     * empty for keys of no kind here (other registry resources, flannel's leases, podwire's own keys)
     */
    public Optional<ResourceType<?>> ofKey(String key) {
        requireNonNull(key, "key");
        return byPrefix.stream().filter(k -> key.startsWith(k.prefix())).findFirst();
    }

    /** {@return the kind a CLI resource name names, e.g. {@code po}, {@code pods} or {@code pod}; any case} */
    public Optional<ResourceType<?>> named(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** {@return the plural resource names, in the registry's order, e.g. {@code [namespaces, pods, ...]}} */
    public List<String> plurals() {
        return kinds.stream().map(k -> k.names().plural()).toList();
    }

    @Override
    public String toString() {
        return "KindRegistry" + kinds.stream().map(ResourceType::kind).toList();
    }
}
