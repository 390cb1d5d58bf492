package dev.podwire.cluster;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubectl's {@code get} tables, byte for byte: the same column names, {@code <none>} placeholders and AGE format,
 * laid out like kubectl's tabwriter (columns left-aligned, separated by at least 3 spaces, no trailing spaces).
 * Rows keep the order given; pass objects as {@link ClusterStore#list} returns them (by namespace, then name),
 * which is the apiserver's order. Each method returns the table with a final newline, or {@code ""} for no objects
 * (kubectl then prints {@code No resources found in default namespace.} to stderr; see {@link #noResources}).
 * Pure: no I/O, {@code now} is passed in.
 */
public final class Tables {
    private Tables() {}

    /** {@code kubectl get pods}: NAME READY STATUS RESTARTS AGE (+ IP NODE NOMINATED NODE READINESS GATES). */
    public static String pods(List<Pod> pods, TableStyle style, Instant now) {
        return table(pods, true, style, PodRows.HEADER, PodRows.WIDE, p -> PodRows.row(p, now, style.wide()));
    }

    /** {@code kubectl get nodes}: NAME STATUS ROLES AGE VERSION (+ INTERNAL-IP ... CONTAINER-RUNTIME). */
    public static String nodes(List<Node> nodes, TableStyle style, Instant now) {
        return table(nodes, false, style, NodeRows.HEADER, NodeRows.WIDE, n -> NodeRows.row(n, now, style.wide()));
    }

    /** {@code kubectl get deployments}: NAME READY UP-TO-DATE AVAILABLE AGE (+ CONTAINERS IMAGES SELECTOR). */
    public static String deployments(List<Deployment> deployments, TableStyle style, Instant now) {
        return table(deployments, true, style, WorkloadRows.DEPLOYMENT_HEADER, WorkloadRows.WIDE,
                d -> WorkloadRows.deployment(d, now, style.wide()));
    }

    /** {@code kubectl get replicasets}: NAME DESIRED CURRENT READY AGE (+ CONTAINERS IMAGES SELECTOR). */
    public static String replicaSets(List<ReplicaSet> replicaSets, TableStyle style, Instant now) {
        return table(replicaSets, true, style, WorkloadRows.REPLICA_SET_HEADER, WorkloadRows.WIDE,
                rs -> WorkloadRows.replicaSet(rs, now, style.wide()));
    }

    /** {@code kubectl get services}: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (+ SELECTOR). */
    public static String services(List<Service> services, TableStyle style, Instant now) {
        return table(services, true, style, ServiceRows.HEADER, ServiceRows.WIDE,
                s -> ServiceRows.row(s, now, style.wide()));
    }

    /** {@code kubectl get endpoints}: NAME ENDPOINTS AGE, e.g. {@code 10.244.1.2:80,10.244.1.3:80 + 1 more...}. */
    public static String endpoints(List<Endpoints> endpoints, TableStyle style, Instant now) {
        return table(endpoints, true, style, EndpointRows.ENDPOINTS_HEADER, List.of(),
                e -> EndpointRows.endpoints(e, now));
    }

    /** {@code kubectl get endpointslices}: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
    public static String endpointSlices(List<EndpointSlice> slices, TableStyle style, Instant now) {
        return table(slices, true, style, EndpointRows.SLICE_HEADER, List.of(), s -> EndpointRows.slice(s, now));
    }

    /**
     * {@code kubectl describe service}: Name, Namespace, Labels, ..., Endpoints per port, Session Affinity, ...,
     * Events; {@code slices} are the Service's EndpointSlices (label {@code kubernetes.io/service-name}).
     */
    public static String describeService(Service service, List<EndpointSlice> slices) {
        return ServiceDescriber.describe(requireNonNull(service, "service"), List.copyOf(slices));
    }

    /** {@code kubectl get namespaces}: NAME STATUS AGE (wide adds nothing). */
    public static String namespaces(List<Namespace> namespaces, TableStyle style, Instant now) {
        return table(namespaces, false, style, List.of("NAME", "STATUS", "AGE"), List.of(), ns -> List.of(
                ns.getMetadata().getName(),
                ns.getStatus() == null || ns.getStatus().getPhase() == null ? "" : ns.getStatus().getPhase(),
                Age.since(Optional.ofNullable(ns.getMetadata().getCreationTimestamp()), now)));
    }

    /** {@return {@code kubectl get configmaps}: NAME, DATA (number of keys), AGE} */
    public static String configMaps(List<io.fabric8.kubernetes.api.model.ConfigMap> maps, TableStyle style,
            Instant now) {
        return table(maps, true, style, List.of("NAME", "DATA", "AGE"), List.of(), cm -> List.of(
                cm.getMetadata().getName(),
                Integer.toString((cm.getData() == null ? 0 : cm.getData().size())
                        + (cm.getBinaryData() == null ? 0 : cm.getBinaryData().size())),
                Age.since(Optional.ofNullable(cm.getMetadata().getCreationTimestamp()), now)));
    }

    /** {@return kubectl's AGE text for {@code age}, e.g. {@code 87s}, {@code 2m20s}, {@code 15h}, {@code 3d4h}} */
    public static String humanDuration(Duration age) {
        return Age.human(requireNonNull(age, "age"));
    }

    /** {@return kubectl's stderr line for an empty listing in {@code namespace} (empty: all namespaces)} */
    public static String noResources(Optional<String> namespace) {
        return namespace.map(ns -> "No resources found in " + ns + " namespace.").orElse("No resources found");
    }

    private interface RowFunction<T> {
        List<String> row(T object);
    }

    private static <T extends HasMetadata> String table(List<T> objects, boolean namespaced, TableStyle style,
            List<String> header, List<String> wideHeader, RowFunction<T> rows) {
        requireNonNull(style, "style");
        if (objects.isEmpty()) {
            return "";
        }
        boolean namespaceColumn = namespaced && style.allNamespaces();
        List<List<String>> lines = new ArrayList<>();
        List<String> head = new ArrayList<>();
        if (namespaceColumn) {
            head.add("NAMESPACE");
        }
        head.addAll(header);
        if (style.wide()) {
            head.addAll(wideHeader);
        }
        lines.add(head);
        for (T object : objects) {
            List<String> line = new ArrayList<>();
            if (namespaceColumn) {
                line.add(object.getMetadata().getNamespace());
            }
            line.addAll(rows.row(object));
            lines.add(line);
        }
        return TableWriter.render(lines);
    }
}
