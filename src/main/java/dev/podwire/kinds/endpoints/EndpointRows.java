package dev.podwire.kinds.endpoints;

import dev.podwire.kinds.Age;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubectl's Endpoints and EndpointSlice columns ({@code printEndpoints}, {@code printEndpointSlice}) and the
 * describe-service endpoint list ({@code formatEndpointSlices}): at most three entries, then {@code + N more...}.
 */
public final class EndpointRows {
    /** The columns of Endpoints. */
    public static final List<String> ENDPOINTS_HEADER = List.of("NAME", "ENDPOINTS", "AGE");
    /** The columns of EndpointSlices. */
    public static final List<String> SLICE_HEADER = List.of("NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE");
    private static final int MAX = 3;

    private EndpointRows() {}

    /** {@return the cells of {@code e}'s row; {@code -o wide} adds nothing} */
    public static List<String> endpoints(Endpoints e, Instant now, boolean wide) {
        return List.of(e.getMetadata().getName(), formatEndpoints(e),
                Age.since(Optional.ofNullable(e.getMetadata().getCreationTimestamp()), now));
    }

    /** {@return the cells of {@code s}'s row; {@code -o wide} adds nothing} */
    public static List<String> slice(EndpointSlice s, Instant now, boolean wide) {
        List<String> ports = new ArrayList<>();
        for (var p : Optional.ofNullable(s.getPorts()).orElse(List.of())) {
            ports.add(p.getPort() != null ? String.valueOf(p.getPort()) : p.getName() != null ? p.getName() : "*");
        }
        List<String> addresses = new ArrayList<>();
        for (Endpoint e : Optional.ofNullable(s.getEndpoints()).orElse(List.of())) {
            addresses.addAll(Optional.ofNullable(e.getAddresses()).orElse(List.of()));
        }
        return List.of(s.getMetadata().getName(), String.valueOf(s.getAddressType()), limited(ports, "<unset>"),
                limited(addresses, "<unset>"), Age.since(Optional.ofNullable(s.getMetadata().getCreationTimestamp()), now));
    }

    /** {@code printEndpoints}: ready addresses only, {@code ip:port} per port; {@code <none>} without subsets. */
    private static String formatEndpoints(Endpoints e) {
        List<EndpointSubset> subsets = Optional.ofNullable(e.getSubsets()).orElse(List.of());
        if (subsets.isEmpty()) {
            return "<none>";
        }
        List<String> all = new ArrayList<>();
        for (EndpointSubset ss : subsets) {
            List<EndpointAddress> addresses = Optional.ofNullable(ss.getAddresses()).orElse(List.of());
            List<EndpointPort> ports = Optional.ofNullable(ss.getPorts()).orElse(List.of());
            if (ports.isEmpty()) {
                addresses.forEach(a -> all.add(a.getIp()));
            }
            for (EndpointPort p : ports) {
                addresses.forEach(a -> all.add(a.getIp() + ":" + p.getPort()));
            }
        }
        // An Endpoints object whose pods are all unready prints an empty cell, not <none>, as kubectl does.
        return limited(all, "");
    }

    /**
     * {@code formatEndpointSlices} for one service port name: ready endpoints as {@code ip:port}. Like kubectl,
     * the "more" flag is raised by the fourth endpoint even when that one is not ready.
     */
    public static String forPort(List<EndpointSlice> slices, String portName) {
        if (slices.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        boolean more = false;
        int count = 0;
        for (EndpointSlice s : slices) {
            List<Endpoint> endpoints = Optional.ofNullable(s.getEndpoints()).orElse(List.of());
            List<io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort> ports =
                    Optional.ofNullable(s.getPorts()).orElse(List.of());
            List<Optional<Integer>> targets = ports.isEmpty() ? List.of(Optional.empty()) : ports.stream()
                    .filter(p -> Optional.ofNullable(p.getName()).orElse("").equals(portName))
                    .map(p -> Optional.ofNullable(p.getPort())).toList();
            for (Optional<Integer> port : targets) {
                for (Endpoint e : endpoints) {
                    if (list.size() == MAX) {
                        more = true;
                    }
                    boolean ready = e.getConditions() == null || e.getConditions().getReady() == null
                            || e.getConditions().getReady();
                    if (!ready || e.getAddresses() == null || e.getAddresses().isEmpty()) {
                        continue;
                    }
                    if (!more) {
                        list.add(e.getAddresses().getFirst() + port.map(p -> ":" + p).orElse(""));
                    }
                    count++;
                }
            }
        }
        String joined = String.join(",", list);
        return more ? joined + " + " + (count - MAX) + " more..." : joined;
    }

    private static String limited(List<String> all, String empty) {
        if (all.isEmpty()) {
            return empty;
        }
        if (all.size() <= MAX) {
            return String.join(",", all);
        }
        return String.join(",", all.subList(0, MAX)) + " + " + (all.size() - MAX) + " more...";
    }
}
