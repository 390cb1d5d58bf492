package dev.podwire.daemon;

import dev.podwire.rpc.RequestException;
import dev.podwire.rpc.Reply;
import dev.podwire.rpc.Request;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podwire.cluster.ResourceType;
import dev.podwire.cluster.TableStyle;
import dev.podwire.cluster.Tables;
import dev.podwire.datastore.KeyValue;
import dev.podwire.datastore.Keys;
import dev.podwire.lab.UnderlayPlanner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read-only verbs: {@code get} with kubectl's tables or JSON/YAML, and name lookups. */
final class Queries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LabRuntime runtime;

    Queries(LabRuntime runtime) {
        this.runtime = runtime;
    }

    int get(Request req, Reply reply) throws Exception {
        String kind = Target.kind(req.args().getFirst());
        boolean all = req.options().containsKey("all-namespaces");
        String ns = req.option("namespace", "default");
        String output = req.option("output", "");
        Optional<String> name = req.args().size() > 1 ? Optional.of(req.args().get(1)) : Optional.empty();
        if (kind.equals("lease")) {
            leases(reply, output);
            return 0;
        }
        ResourceType<?> type = runtime.cluster().kinds().named(kind).orElseThrow(() -> new RequestException(2, "get "
                + kind + " is not supported (hosts and routers are not Kubernetes objects: podwire exec host/NAME --"
                + " ip addr)"));
        return get(type, all, ns, output, name, reply);
    }

    private <T extends HasMetadata> int get(ResourceType<T> type, boolean all, String ns, String output,
            Optional<String> name, Reply reply) throws Exception {
        String kind = type.names().singular();
        // Cluster-scoped kinds are listed whole, whatever -n says.
        boolean everywhere = all || !type.namespaced();
        List<T> objects = scoped(runtime.cluster().list(type), everywhere, ns, name);
        if (name.isPresent() && objects.isEmpty()) {
            throw new RequestException(1, kind + "s \"" + name.get() + "\" not found");
        }
        switch (output) {
            case "json", "yaml" -> {
                Object doc = name.isPresent() ? objects.getFirst() : list(objects);
                String text = output.equals("json") ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc)
                        : YAMLMapper.builder()
                                // As kubectl prints: plain scalars, multi-line strings (config.conf) as | blocks.
                                .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
                                .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                                        .ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                                .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                                        .LITERAL_BLOCK_STYLE)
                                .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                                        .WRITE_DOC_START_MARKER).build().writeValueAsString(doc);
                reply.out(text.stripTrailing());
            }
            default -> {
                if (objects.isEmpty()) {
                    reply.err(Tables.noResources(everywhere ? Optional.empty() : Optional.of(ns)));
                    return 0;
                }
                TableStyle style = new TableStyle(output.equals("wide"), all);
                reply.out(Tables.render(type, objects, style, Instant.now()).stripTrailing());
            }
        }
        return 0;
    }

    /** {@code describe service NAME}: kubectl's text, with the endpoints from the service's EndpointSlices. */
    int describe(Request req, Reply reply) {
        String kind = Target.kind(req.args().getFirst());
        if (!kind.equals("service")) {
            throw new RequestException(2, "describe " + kind + " is not supported (expected: service)");
        }
        String ns = req.option("namespace", "default");
        String name = req.args().get(1);
        Service svc = runtime.cluster().get(ResourceType.SERVICE, ns, name).orElseThrow(() ->
                new RequestException(1, "services \"" + name + "\" not found in namespace " + ns));
        List<EndpointSlice> slices = runtime.cluster().list(ResourceType.ENDPOINT_SLICE, ns).stream()
                .filter(s -> name.equals(Optional.ofNullable(s.getMetadata().getLabels()).orElse(java.util.Map.of())
                        .get("kubernetes.io/service-name"))).toList();
        reply.out(Tables.describeService(svc, slices).stripTrailing());
        return 0;
    }

    private static ObjectNode list(List<? extends HasMetadata> objects) {
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", "v1");
        ArrayNode items = list.putArray("items");
        objects.forEach(o -> items.add(JSON.valueToTree(o)));
        list.put("kind", "List");
        return list;
    }

    private void leases(Reply reply, String output) {
        List<KeyValue> kvs = runtime.cluster().datastore().list(Keys.FLANNEL_SUBNETS);
        if (output.equals("json") || output.equals("yaml")) {
            ObjectNode out = JSON.createObjectNode();
            kvs.forEach(kv -> {
                try {
                    out.set(kv.key(), JSON.readTree(kv.value()));
                } catch (Exception e) {
                    out.put(kv.key(), kv.value());
                }
            });
            reply.out(out.toPrettyString());
            return;
        }
        reply.out(String.format("%-45s   %s   %s", "KEY", "TTL", "VALUE"));
        Instant now = Instant.now();
        for (KeyValue kv : kvs) {
            String ttl = kv.expires().map(e -> Tables.humanDuration(Duration.between(now, e))).orElse("<none>");
            reply.out(String.format("%-45s   %-3s   %s", kv.key(), ttl, kv.value()));
        }
    }

    private static <T extends HasMetadata> List<T> scoped(List<T> objects, boolean all, String ns,
            Optional<String> name) {
        return objects.stream()
                .filter(o -> all || o.getMetadata().getNamespace() == null || ns.equals(o.getMetadata().getNamespace()))
                .filter(o -> name.isEmpty() || name.get().equals(o.getMetadata().getName()))
                .toList();
    }

    /** {@return the pod with that name in the namespace, or the only one whose name starts with it} */
    Pod pod(String ns, String name) {
        List<Pod> pods = runtime.cluster().list(ResourceType.POD, ns);
        Optional<Pod> exact = pods.stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst();
        if (exact.isPresent()) {
            return exact.get();
        }
        List<Pod> prefixed = pods.stream().filter(p -> p.getMetadata().getName().startsWith(name)).toList();
        if (prefixed.size() == 1) {
            return prefixed.getFirst();
        }
        throw new RequestException(1, "pods \"" + name + "\" not found in namespace " + ns
                + (prefixed.isEmpty() ? "" : " (" + prefixed.size() + " pods start with it: "
                        + String.join(", ", prefixed.stream().map(p -> p.getMetadata().getName()).toList()) + ")"));
    }

    /** Answers the name of a running pod in the namespace (for {@code podwire dig}). */
    int pickPod(Request req, Reply reply) {
        String ns = req.option("namespace", "default");
        Pod pod = runtime.cluster().list(ResourceType.POD, ns).stream().filter(Readiness::running).findFirst()
                .orElseThrow(() -> new RequestException(1, "no running pod in namespace " + ns
                        + " to ask from; use --from pod/NAME"));
        reply.out(pod.getMetadata().getName());
        return 0;
    }

    /** Fails unless the lab has a machine of that kind and name. */
    void requireMachine(String kind, String name) {
        boolean found = UnderlayPlanner.machines(runtime.lab()).stream()
                .anyMatch(m -> m.name().equals(name) && m.role().name().equalsIgnoreCase(kind));
        if (!found) {
            throw new RequestException(1, kind + " \"" + name + "\" not found in lab " + runtime.lab().name());
        }
    }
}
