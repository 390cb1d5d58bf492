package dev.podwire.cluster;

import static java.util.Objects.requireNonNull;

import dev.podwire.datastore.Keys;
import dev.podwire.kinds.configmap.ConfigMapChecks;
import dev.podwire.kinds.configmap.ConfigMapRows;
import dev.podwire.kinds.endpoints.EndpointRows;
import dev.podwire.kinds.namespace.NamespaceChecks;
import dev.podwire.kinds.namespace.NamespaceRows;
import dev.podwire.kinds.node.NodeRows;
import dev.podwire.kinds.pod.PodChecks;
import dev.podwire.kinds.pod.PodRows;
import dev.podwire.kinds.service.ServiceChecks;
import dev.podwire.kinds.service.ServiceRows;
import dev.podwire.kinds.workload.WorkloadChecks;
import dev.podwire.kinds.workload.WorkloadLegacy;
import dev.podwire.kinds.workload.WorkloadRows;
import dev.podwire.labfile.ManifestKind;
import dev.podwire.labfile.ManifestRules;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A kind of Kubernetes object, declared once: its model class and API version, its place in the key layout, the
 * names {@code podwire get}/{@code describe}/{@code delete} know it by, how its manifests are read and checked, and
 * its {@code kubectl get} columns. The constants below are the kinds podwire serves; {@link KindRegistry#DEFAULT}
 * lists them and answers every lookup (by object, by datastore key, by resource name). The checks and columns of a
 * kind live in its own package under {@code dev.podwire.kinds}.
 *
 * @param type       the fabric8 model class
 * @param apiVersion the object's {@code apiVersion}, e.g. {@code apps/v1}
 * @param kind       the object's {@code kind}, e.g. {@code Deployment}
 * @param resource   the resource segment of its keys ({@link Keys}), e.g. {@code services/specs}
 * @param namespaced whether objects live in a namespace
 * @param names      the resource names of the CLI, e.g. {@code pods}, {@code po}
 * @param manifests  how manifests of this kind are read and checked; empty when only controllers write it
 * @param printer    the {@code kubectl get} columns
 * @param <T>        the model class
 */
public record ResourceType<T extends HasMetadata>(Class<T> type, String apiVersion, String kind, String resource,
        boolean namespaced, Names names, Optional<ManifestRules<T>> manifests, Printer<T> printer)
        implements ManifestKind<T> {
    /** Namespaces. */
    public static final ResourceType<Namespace> NAMESPACE = new ResourceType<>(Namespace.class, "v1", "Namespace",
            "namespaces", false, Names.of("namespace", "namespaces", "ns"), read(NamespaceChecks::check),
            new Printer<>(NamespaceRows.HEADER, List.of(), NamespaceRows::row));
    /** Pods. */
    public static final ResourceType<Pod> POD = new ResourceType<>(Pod.class, "v1", "Pod", "pods", true,
            Names.of("pod", "pods", "po"), read(PodChecks::check),
            new Printer<>(PodRows.HEADER, PodRows.WIDE, PodRows::row));
    /** Services; the apiserver keeps them under {@code services/specs}. */
    public static final ResourceType<Service> SERVICE = new ResourceType<>(Service.class, "v1", "Service",
            "services/specs", true, Names.of("service", "services", "svc"), read(ServiceChecks::check),
            new Printer<>(ServiceRows.HEADER, ServiceRows.WIDE, ServiceRows::row));
    /** ConfigMaps (kube-system/kube-proxy holds kube-proxy's configuration). */
    public static final ResourceType<ConfigMap> CONFIG_MAP = new ResourceType<>(ConfigMap.class, "v1", "ConfigMap",
            "configmaps", true, Names.of("configmap", "configmaps", "cm"), read(ConfigMapChecks::check),
            new Printer<>(ConfigMapRows.HEADER, List.of(), ConfigMapRows::row));
    /** Deployments; manifests may still use the versions removed in 1.16. */
    public static final ResourceType<Deployment> DEPLOYMENT = new ResourceType<>(Deployment.class, "apps/v1",
            "Deployment", "deployments", true, Names.of("deployment", "deployments", "deploy", "deployment.apps"),
            read(WorkloadChecks::deployment).map(r -> r.withLegacy(WorkloadLegacy.EXTENSIONS_V1BETA1,
                    WorkloadLegacy.APPS_V1BETA1, WorkloadLegacy.APPS_V1BETA2)),
            new Printer<>(WorkloadRows.DEPLOYMENT_HEADER, WorkloadRows.WIDE, WorkloadRows::deployment));
    /** ReplicaSets; manifests may still use the versions removed in 1.16. */
    public static final ResourceType<ReplicaSet> REPLICA_SET = new ResourceType<>(ReplicaSet.class, "apps/v1",
            "ReplicaSet", "replicasets", true, Names.of("replicaset", "replicasets", "rs"),
            read(WorkloadChecks::replicaSet).map(r -> r.withLegacy(WorkloadLegacy.EXTENSIONS_V1BETA1,
                    WorkloadLegacy.APPS_V1BETA2)),
            new Printer<>(WorkloadRows.REPLICA_SET_HEADER, WorkloadRows.WIDE, WorkloadRows::replicaSet));
    /** EndpointSlices ({@code discovery.k8s.io/v1}), written by the EndpointSlice controller only. */
    public static final ResourceType<EndpointSlice> ENDPOINT_SLICE = new ResourceType<>(EndpointSlice.class,
            "discovery.k8s.io/v1", "EndpointSlice", "endpointslices", true,
            Names.of("endpointslice", "endpointslices", "endpointslices.discovery.k8s.io"), Optional.empty(),
            new Printer<>(EndpointRows.SLICE_HEADER, List.of(), EndpointRows::slice));
    /**
     * Legacy Endpoints (core v1), kept beside EndpointSlices because {@code kubectl get endpoints} reads them; the
     * apiserver keeps them under {@code services/endpoints}.
     */
    public static final ResourceType<Endpoints> ENDPOINTS = new ResourceType<>(Endpoints.class, "v1", "Endpoints",
            "services/endpoints", true, Names.of("endpoints", "endpoints", "ep"), Optional.empty(),
            new Printer<>(EndpointRows.ENDPOINTS_HEADER, List.of(), EndpointRows::endpoints));
    /** Nodes, registered by the lab; the apiserver still calls them minions in etcd. */
    public static final ResourceType<Node> NODE = new ResourceType<>(Node.class, "v1", "Node", "minions", false,
            Names.of("node", "nodes", "no"), Optional.empty(), new Printer<>(NodeRows.HEADER, NodeRows.WIDE,
                    NodeRows::row));

    /** Checks the fields. */
    public ResourceType {
        requireNonNull(type, "type");
        requireNonNull(apiVersion, "apiVersion");
        requireNonNull(kind, "kind");
        requireNonNull(resource, "resource");
        requireNonNull(names, "names");
        requireNonNull(manifests, "manifests");
        requireNonNull(printer, "printer");
    }

    /**
     * {@return the type of {@code object}'s class among {@link KindRegistry#DEFAULT}'s kinds}
     *
     * @throws IllegalArgumentException for a class no kind has
     */
    public static <T extends HasMetadata> ResourceType<T> of(T object) {
        return KindRegistry.DEFAULT.of(object);
    }

    /** {@return the datastore key of the object {@code namespace/name} (namespace {@code ""} when cluster-scoped)} */
    public String key(String namespace, String name) {
        requireNonNull(namespace, "namespace");
        if (namespaced && namespace.isEmpty()) {
            throw new IllegalArgumentException("namespace: \"\" (expected: a namespace for " + kind + ")");
        }
        if (!namespaced && !namespace.isEmpty()) {
            throw new IllegalArgumentException("namespace: " + namespace + " (expected: \"\" for cluster-scoped " + kind + ")");
        }
        return namespaced ? Keys.namespaced(resource, namespace, name) : Keys.clusterScoped(resource, name);
    }

    /** {@return the prefix of every object of this type} */
    public String prefix() {
        return Keys.prefix(resource);
    }

    /** {@return the prefix of this type's objects in {@code namespace}} */
    public String prefix(String namespace) {
        if (!namespaced) {
            throw new IllegalArgumentException("namespace: " + namespace + " (expected: none for cluster-scoped " + kind + ")");
        }
        return Keys.prefix(resource, namespace);
    }

    /** {@return the API group, e.g. {@code apps}; {@code ""} for the core group ({@code v1})} */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static <T extends HasMetadata> Optional<ManifestRules<T>> read(ManifestRules.Check<T> check) {
        return Optional.of(ManifestRules.checkedBy(check));
    }

    /**
     * The resource names of the CLI, as kubectl knows them ({@code kubectl api-resources}).
     *
     * @param singular the canonical name, e.g. {@code pod}; messages use it
     * @param plural   e.g. {@code pods}
     * @param aliases  short names and qualified names, e.g. {@code po}, {@code deployment.apps}
     */
    public record Names(String singular, String plural, List<String> aliases) {
        /** Copies the list. */
        public Names {
            requireNonNull(singular, "singular");
            requireNonNull(plural, "plural");
            aliases = List.copyOf(aliases);
        }

        /** {@return the names {@code singular}, {@code plural} and {@code aliases}} */
        public static Names of(String singular, String plural, String... aliases) {
            return new Names(singular, plural, List.of(aliases));
        }

        /** {@return every name, singular first} */
        public List<String> all() {
            return Stream.concat(Stream.of(singular, plural), aliases.stream())
                    .distinct().toList();
        }
    }

    /**
     * The {@code kubectl get} columns of a kind (NAMESPACE, added for {@code -A}, excluded).
     *
     * @param header the columns
     * @param wide   the columns {@code -o wide} adds
     * @param row    the cells of one object, as many as the columns
     * @param <T>    the model class
     */
    public record Printer<T extends HasMetadata>(List<String> header, List<String> wide, Row<T> row) {
        /** Copies the lists. */
        public Printer {
            header = List.copyOf(header);
            wide = List.copyOf(wide);
            requireNonNull(row, "row");
        }
    }

    /** The cells of one object's row. */
    @FunctionalInterface
    public interface Row<T extends HasMetadata> {
        /** {@return the cells of {@code object}, with the wide ones when {@code wide}; AGE is measured at now} */
        List<String> cells(T object, Instant now, boolean wide);
    }
}
