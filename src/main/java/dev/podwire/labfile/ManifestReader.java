package dev.podwire.labfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binds one manifest document to its fabric8 class. fabric8 classes keep unknown keys in
 * {@code additionalProperties}; our mapper ignores that any-setter, so a misspelt field fails binding with its path,
 * as {@code kubectl apply --validate=strict} would. Scalars are not coerced ({@code replicas: "3"} is an error).
 */
final class ManifestReader {
    /** One accepted apiVersion/kind pair. */
    private record Kind(String apiVersion, String kind, Class<? extends HasMetadata> type, boolean deprecated,
            boolean selectorDefaults) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("v1", "Namespace", Namespace.class, false, false),
            new Kind("v1", "Pod", Pod.class, false, false),
            new Kind("v1", "Service", Service.class, false, false),
            new Kind("v1", "ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class, false, false),
            new Kind("apps/v1", "Deployment", Deployment.class, false, false),
            new Kind("apps/v1", "ReplicaSet", ReplicaSet.class, false, false),
            // Removed in Kubernetes 1.16. v1beta1-era APIs defaulted the selector from the template's labels;
            // apps/v1beta2 made it required, as apps/v1 does.
            new Kind("extensions/v1beta1", "Deployment", Deployment.class, true, true),
            new Kind("extensions/v1beta1", "ReplicaSet", ReplicaSet.class, true, true),
            new Kind("apps/v1beta1", "Deployment", Deployment.class, true, true),
            new Kind("apps/v1beta2", "Deployment", Deployment.class, true, false),
            new Kind("apps/v1beta2", "ReplicaSet", ReplicaSet.class, true, false));

    private static final String SUPPORTED = KINDS.stream().filter(k -> !k.deprecated())
            .map(k -> k.apiVersion() + " " + k.kind()).collect(Collectors.joining(", "));

    private static final ObjectMapper MAPPER = mapper();

    private ManifestReader() {}

    private static ObjectMapper mapper() {
        ObjectMapper m = JsonMapper.builder()
                .annotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated a) {
                        return Boolean.FALSE;
                    }
                })
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    /** {@return the bound object; deprecated API versions are read as apps/v1, with a warning added} */
    static HasMetadata read(YamlDoc doc, List<String> warnings) {
        JsonNode tree = doc.tree();
        String apiVersion = text(tree, "apiVersion");
        String kind = text(tree, "kind");
        Kind k = KINDS.stream().filter(c -> c.apiVersion().equals(apiVersion) && c.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new FieldError(KINDS.stream().anyMatch(c -> c.kind().equals(kind))
                        ? "apiVersion" : "kind", apiVersion + " " + kind + " is not supported (expected one of: "
                        + SUPPORTED + ")", "podwire runs workloads and services; other kinds are not modelled"));
        ObjectNode input = (ObjectNode) tree.deepCopy();
        if (k.deprecated()) {
            warnings.add(doc.warning("apiVersion", apiVersion + " " + kind + " is deprecated (removed in Kubernetes"
                    + " 1.16); read as apps/v1"));
            input.put("apiVersion", "apps/v1");
            legacyDefaults(doc, input, k, warnings);
        }
        try {
            HasMetadata object = MAPPER.treeToValue(input, k.type());
            if (!(object instanceof Namespace) && object.getMetadata() != null
                    && object.getMetadata().getNamespace() == null) {
                object.getMetadata().setNamespace("default");
            }
            return object;
        } catch (UnrecognizedPropertyException e) {
            TreeSet<String> known = new TreeSet<>();
            if (e.getKnownPropertyIds() != null) {
                e.getKnownPropertyIds().forEach(id -> known.add(id.toString()));
            }
            known.remove("additionalProperties");
            String guess = known.stream().filter(id -> ObjReader.distance(id.toLowerCase(Locale.ROOT),
                    e.getPropertyName().toLowerCase(Locale.ROOT)) <= 2).findFirst().map(id -> "did you mean " + id
                    + "? ").orElse("");
            throw new FieldError(path(e), "unknown field", guess + "fields here are " + String.join(", ", known));
        } catch (MismatchedInputException e) {
            String path = path(e);
            String target = e.getTargetType() == null ? "another type" : typeName(e.getTargetType());
            throw new FieldError(path, at(input, path).toString() + " (expected: " + target + ")",
                    "quote strings, leave numbers unquoted, as the Kubernetes API reference shows");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String path = e instanceof JsonMappingException j ? path(j) : "";
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new FieldError(path, message.lines().findFirst().orElse("invalid value"),
                    "compare with the Kubernetes API reference for " + kind);
        }
    }

    // extensions/v1beta1 and apps/v1beta1 defaulted spec.selector to the template's labels, and Deployments of those
    // versions may carry spec.rollbackTo, which apps/v1 dropped.
    private static void legacyDefaults(YamlDoc doc, ObjectNode input, Kind k, List<String> warnings) {
        if (!(input.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        if (spec.remove("rollbackTo") != null) {
            warnings.add(doc.warning("spec.rollbackTo", "spec.rollbackTo is ignored (apps/v1 has no rollback"
                    + " field)"));
        }
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        if (k.selectorDefaults() && spec.path("selector").isMissingNode() && labels.isObject()) {
            spec.putObject("selector").set("matchLabels", labels.deepCopy());
        }
    }

    private static String text(JsonNode tree, String key) {
        JsonNode v = tree.get(key);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new FieldError(key, (v == null ? "missing" : ObjReader.shown(v)) + " (expected: a string such as "
                    + (key.equals("kind") ? "Deployment" : "apps/v1") + ")", "supported kinds: " + SUPPORTED);
        }
        return v.asText();
    }

    private static String path(JsonMappingException e) {
        String path = "";
        for (JsonMappingException.Reference r : e.getPath()) {
            path = r.getFieldName() != null ? FieldPath.child(path, r.getFieldName())
                    : FieldPath.index(path, r.getIndex());
        }
        return path;
    }

    private static JsonNode at(JsonNode root, String path) {
        return Optional.ofNullable(root.at(pointer(path))).orElse(root);
    }

    private static String pointer(String path) {
        String p = path.replaceAll("\\[(\\d+)]", ".$1").replaceAll("\\[\"([^\"]*)\"]", ".$1");
        return p.isEmpty() ? "" : "/" + p.replace("~", "~0").replace(".", "/");
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "a mapping";
        }
        return "a mapping (" + type.getSimpleName() + ")";
    }
}
