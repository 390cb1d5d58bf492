package dev.podwire.cluster;

import static java.util.Objects.requireNonNull;

import dev.podwire.kinds.Age;
import dev.podwire.kinds.service.ServiceDescriber;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubectl's {@code get} tables, byte for byte: the columns of each kind ({@link ResourceType#printer()}), with
 * {@code <none>} placeholders and AGE format, laid out like kubectl's tabwriter (columns left-aligned, separated by
 * at least 3 spaces, no trailing spaces). Rows keep the order given; pass objects as {@link ClusterStore#list}
 * returns them (by namespace, then name), which is the apiserver's order. {@link #render} returns the table with a
 * final newline, or {@code ""} for no objects (kubectl then prints {@code No resources found in default namespace.}
 * to stderr; see {@link #noResources}). Pure: no I/O, {@code now} is passed in.
 */
public final class Tables {
    private Tables() {}

    /**
     * {@return {@code kubectl get} for {@code objects} of {@code type}}, e.g. for pods NAME READY STATUS RESTARTS AGE
     * (+ IP NODE NOMINATED NODE READINESS GATES with {@code -o wide}), with a leading NAMESPACE column for
     * {@code -A} when the kind is namespaced
     */
    public static <T extends HasMetadata> String render(ResourceType<T> type, List<? extends T> objects,
            TableStyle style, Instant now) {
        requireNonNull(style, "style");
        requireNonNull(now, "now");
        ResourceType.Printer<T> printer = type.printer();
        if (objects.isEmpty()) {
            return "";
        }
        boolean namespaceColumn = type.namespaced() && style.allNamespaces();
        List<List<String>> lines = new ArrayList<>();
        List<String> head = new ArrayList<>();
        if (namespaceColumn) {
            head.add("NAMESPACE");
        }
        head.addAll(printer.header());
        if (style.wide()) {
            head.addAll(printer.wide());
        }
        lines.add(head);
        for (T object : objects) {
            List<String> line = new ArrayList<>();
            if (namespaceColumn) {
                line.add(object.getMetadata().getNamespace());
            }
            line.addAll(printer.row().cells(object, now, style.wide()));
            lines.add(line);
        }
        return TableWriter.render(lines);
    }

    /**
     * {@code kubectl describe service}: Name, Namespace, Labels, ..., Endpoints per port, Session Affinity, ...,
     * Events; {@code slices} are the Service's EndpointSlices (label {@code kubernetes.io/service-name}).
     */
    public static String describeService(Service service, List<EndpointSlice> slices) {
        return ServiceDescriber.describe(requireNonNull(service, "service"), List.copyOf(slices));
    }

    /** {@return kubectl's AGE text for {@code age}, e.g. {@code 87s}, {@code 2m20s}, {@code 15h}, {@code 3d4h}} */
    public static String humanDuration(Duration age) {
        return Age.human(requireNonNull(age, "age"));
    }

    /** {@return kubectl's stderr line for an empty listing in {@code namespace} (empty: all namespaces)} */
    public static String noResources(Optional<String> namespace) {
        return namespace.map(ns -> "No resources found in " + ns + " namespace.").orElse("No resources found");
    }
}
