package dev.podwire.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podwire.datastore.CasResult;
import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.KeyValue;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Typed access to Kubernetes objects in a {@link Datastore}, doing what the apiserver does on write: fills
 * {@code uid} (from the injected random source), {@code creationTimestamp} (RFC 3339, from the injected clock),
 * {@code generation} (bumped when {@code spec} changes) and {@code resourceVersion} (the key's mod revision, set on
 * read, never stored). Objects passed in are never mutated; objects returned are fresh copies.
 *
 * <p>Namespaced objects without a namespace go to {@code default}. Cluster-scoped lookups take namespace
 * {@code ""}. Thread-safe as far as the datastore is: writes are compare-and-put on the mod revision.
 */
public final class ClusterStore {
    private static final int MAX_ATTEMPTS = 16;
    private static final long DEFAULT_GRACE_SECONDS = 30;

    private final Datastore store;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final KindRegistry kinds;

    /**
     * A store of {@link KindRegistry#DEFAULT}'s kinds over {@code store}, stamping objects with {@code clock} and ids
     * from {@code random}.
     */
    public ClusterStore(Datastore store, InstantSource clock, RandomGenerator random) {
        this(store, clock, random, KindRegistry.DEFAULT);
    }

    /** A store of {@code kinds}' objects over {@code store}, stamping objects with {@code clock} and {@code random}. */
    public ClusterStore(Datastore store, InstantSource clock, RandomGenerator random, KindRegistry kinds) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.random = requireNonNull(random, "random");
        this.kinds = requireNonNull(kinds, "kinds");
    }

    /** {@return the kinds this store keeps: the kind of an object passed in is looked up here} */
    public KindRegistry kinds() {
        return kinds;
    }

    /** {@return the underlying datastore, for watches} */
    public Datastore datastore() {
        return store;
    }

    /** {@return the clock objects are stamped with} */
    public InstantSource clock() {
        return clock;
    }

    /** {@return {@code at} as a Kubernetes timestamp: RFC 3339, UTC, whole seconds} */
    public static String rfc3339(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@return the object {@code namespace/name} (namespace {@code ""} for cluster-scoped types)} */
    public <T extends HasMetadata> Optional<T> get(ResourceType<T> type, String namespace, String name) {
        return store.get(type.key(namespace, name)).map(kv -> decode(type, kv));
    }

    /**
     * {@return the stored object with {@code object}'s kind, namespace and name}: its namespace is ignored for a
     * cluster-scoped kind and defaults to {@code default} for a namespaced one, as on a write
     */
    public <T extends HasMetadata> Optional<T> find(T object) {
        ResourceType<T> type = kinds.of(object);
        String namespace = type.namespaced()
                ? Optional.ofNullable(object.getMetadata().getNamespace()).orElse("default") : "";
        return get(type, namespace, requireName(object));
    }

    /** {@return every object of {@code type}, sorted by namespace then name} */
    public <T extends HasMetadata> List<T> list(ResourceType<T> type) {
        return store.list(type.prefix()).stream().map(kv -> decode(type, kv)).toList();
    }

    /** {@return the objects of a namespaced {@code type} in {@code namespace}, sorted by name} */
    public <T extends HasMetadata> List<T> list(ResourceType<T> type, String namespace) {
        return store.list(type.prefix(namespace)).stream().map(kv -> decode(type, kv)).toList();
    }

    /**
     * Creates {@code object}; a missing name is generated from {@code metadata.generateName} plus five random
     * characters. New pods start in phase Pending and new namespaces in phase Active, as the apiserver sets them.
     */
    public <T extends HasMetadata> WriteResult<T> create(T object) {
        ResourceType<T> type = kinds.of(object);
        T copy = ApiDefaults.normalized(type, object);
        ObjectMeta meta = copy.getMetadata();
        if (meta.getName() == null) {
            if (meta.getGenerateName() == null) {
                throw new IllegalArgumentException("metadata.name: null (expected: a name or generateName)");
            }
            meta.setName(meta.getGenerateName() + Names.random(random, 5));
        }
        meta.setUid(uuid().toString());
        meta.setCreationTimestamp(rfc3339(clock.instant()));
        meta.setGeneration(1L);
        ApiDefaults.defaultStatus(copy);
        String key = type.key(namespaceOf(type, copy), meta.getName());
        return switch (store.compareAndPut(key, 0, encode(copy), Optional.empty())) {
            case CasResult.Written(var revision) -> new WriteResult.Ok<>(withVersion(copy, revision));
            case CasResult.Conflict _ -> new WriteResult.AlreadyExists<>(key);
        };
    }

    /**
     * Replaces the stored object with {@code object}, keeping its uid and creation time. When
     * {@code metadata.resourceVersion} is set, the write only happens if the object is still at that version.
     */
    public <T extends HasMetadata> WriteResult<T> update(T object) {
        ResourceType<T> type = kinds.of(object);
        T copy = ApiDefaults.normalized(type, object);
        String key = type.key(namespaceOf(type, copy), requireName(copy));
        Optional<KeyValue> current = store.get(key);
        if (current.isEmpty()) {
            return new WriteResult.NotFound<>(key);
        }
        String expected = copy.getMetadata().getResourceVersion();
        if (expected != null && !expected.equals(String.valueOf(current.get().modRevision()))) {
            return new WriteResult.Conflict<>(key, expected);
        }
        return writeOver(type, key, current.get(), copy);
    }

    /**
     * Reads {@code namespace/name}, applies {@code change} to it and writes the result, retrying on conflicts.
     * Writes nothing (and returns the stored object) when the change is a no-op.
     */
    public <T extends HasMetadata> WriteResult<T> modify(
            ResourceType<T> type, String namespace, String name, UnaryOperator<T> change) {
        String key = type.key(namespace, name);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<KeyValue> current = store.get(key);
            if (current.isEmpty()) {
                return new WriteResult.NotFound<>(key);
            }
            T before = decode(type, current.get());
            T after = change.apply(decode(type, current.get()));
            if (ObjectCodec.tree(before).equals(ObjectCodec.tree(after))) {
                return new WriteResult.Ok<>(before);
            }
            WriteResult<T> result = writeOver(type, key, current.get(), after);
            if (!(result instanceof WriteResult.Conflict<T>)) {
                return result;
            }
        }
        return new WriteResult.Conflict<>(key, "(gave up after " + MAX_ATTEMPTS + " attempts)");
    }

    /**
     * Creates {@code object} or, when it exists, replaces its labels, annotations and spec (keeping status and,
     * for a Service without one, the allocated cluster IP), like {@code kubectl apply}.
     */
    public <T extends HasMetadata> WriteResult<T> apply(T object) {
        ResourceType<T> type = kinds.of(object);
        T desired = ApiDefaults.normalized(type, object);
        ObjectNode desiredTree = ObjectCodec.tree(desired);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String namespace = namespaceOf(type, desired);
            if (get(type, namespace, requireName(desired)).isEmpty()) {
                WriteResult<T> created = create(desired);
                if (!(created instanceof WriteResult.AlreadyExists<T>)) {
                    return created;
                }
                continue;
            }
            WriteResult<T> result = modify(type, namespace, desired.getMetadata().getName(),
                    stored -> ApiDefaults.mergeSpec(type, stored, desiredTree));
            if (!(result instanceof WriteResult.NotFound<T>)) {
                return result;
            }
        }
        return new WriteResult.Conflict<>(type.key(namespaceOf(type, desired), requireName(desired)), "(apply raced)");
    }

    /** Deletes {@code namespace/name} at once (no graceful deletion); {@return whether it existed} */
    public boolean delete(ResourceType<?> type, String namespace, String name) {
        return store.delete(type.key(namespace, name));
    }

    /**
     * Graceful pod deletion, like {@code kubectl delete pod}: a pod bound to a node gets a deletionTimestamp and
     * the node agent tears it down and then calls {@link #finalizePodDeletion}; an unbound pod is removed at once.
     * {@return whether the pod existed}
     */
    public boolean requestPodDeletion(String namespace, String name) {
        Optional<Pod> pod = get(ResourceType.POD, namespace, name);
        if (pod.isEmpty()) {
            return false;
        }
        if (pod.get().getSpec() == null || pod.get().getSpec().getNodeName() == null) {
            store.delete(ResourceType.POD.key(namespace, name));
            return true;
        }
        String now = rfc3339(clock.instant());
        modify(ResourceType.POD, namespace, name, p -> {
            if (p.getMetadata().getDeletionTimestamp() == null) {
                long grace = Optional.ofNullable(p.getSpec().getTerminationGracePeriodSeconds())
                        .orElse(DEFAULT_GRACE_SECONDS);
                p.getMetadata().setDeletionTimestamp(now);
                p.getMetadata().setDeletionGracePeriodSeconds(grace);
            }
            return p;
        });
        return true;
    }

    /** Removes a torn-down pod's key (the node agent's last step); {@return whether it existed} */
    public boolean finalizePodDeletion(String namespace, String name) {
        return delete(ResourceType.POD, namespace, name);
    }

    /** Records that the node agent is creating the pod's sandbox (STATUS {@code ContainerCreating}). */
    public WriteResult<Pod> markPodCreating(String namespace, String name, Ipv4 hostIp) {
        requireNonNull(hostIp, "hostIp");
        return modify(ResourceType.POD, namespace, name, p -> PodStatuses.creating(p, hostIp));
    }

    /** Records that the pod's containers run and are ready, with its address (STATUS {@code Running}). */
    public WriteResult<Pod> markPodRunning(String namespace, String name, Ipv4 podIp, Ipv4 hostIp, Instant startedAt) {
        requireNonNull(podIp, "podIp");
        requireNonNull(hostIp, "hostIp");
        requireNonNull(startedAt, "startedAt");
        return modify(ResourceType.POD, namespace, name, p -> PodStatuses.running(p, podIp, hostIp, startedAt));
    }

    /** Sets a Deployment's {@code spec.replicas}, like {@code kubectl scale}. */
    public WriteResult<Deployment> scale(String namespace, String name, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas: " + replicas + " (expected: >= 0)");
        }
        return modify(ResourceType.DEPLOYMENT, namespace, name, d -> {
            d.getSpec().setReplicas(replicas);
            return d;
        });
    }

    private <T extends HasMetadata> WriteResult<T> writeOver(ResourceType<T> type, String key, KeyValue current, T desired) {
        T stored = decode(type, current);
        ObjectMeta meta = desired.getMetadata();
        meta.setUid(stored.getMetadata().getUid());
        meta.setCreationTimestamp(stored.getMetadata().getCreationTimestamp());
        long generation = Optional.ofNullable(stored.getMetadata().getGeneration()).orElse(1L);
        JsonNode oldSpec = ObjectCodec.tree(stored).path("spec");
        JsonNode newSpec = ObjectCodec.tree(desired).path("spec");
        meta.setGeneration(oldSpec.equals(newSpec) ? generation : generation + 1);
        return switch (store.compareAndPut(key, current.modRevision(), encode(desired), Optional.empty())) {
            case CasResult.Written(var revision) -> new WriteResult.Ok<>(withVersion(desired, revision));
            case CasResult.Conflict _ -> new WriteResult.Conflict<>(key, String.valueOf(current.modRevision()));
        };
    }

    private static String namespaceOf(ResourceType<?> type, HasMetadata object) {
        return type.namespaced() ? object.getMetadata().getNamespace() : "";
    }

    private static String requireName(HasMetadata object) {
        return requireNonNull(object.getMetadata().getName(), "metadata.name");
    }

    private static <T extends HasMetadata> T decode(ResourceType<T> type, KeyValue kv) {
        T object = ObjectCodec.read(kv.value(), type.type());
        object.getMetadata().setResourceVersion(String.valueOf(kv.modRevision()));
        return object;
    }

    private static String encode(HasMetadata object) {
        // The resource version is the key's mod revision; like the apiserver, never store it in the value.
        String version = object.getMetadata().getResourceVersion();
        object.getMetadata().setResourceVersion(null);
        String json = ObjectCodec.write(object);
        object.getMetadata().setResourceVersion(version);
        return json;
    }

    private static <T extends HasMetadata> T withVersion(T object, long revision) {
        object.getMetadata().setResourceVersion(String.valueOf(revision));
        return object;
    }

    private UUID uuid() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
