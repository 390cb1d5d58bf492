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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binds one manifest document to its fabric8 class. fabric8 classes keep unknown keys in
 * {@code additionalProperties}; our mapper ignores that any-setter, so a misspelt field fails binding with its path,
 * as {@code kubectl apply --validate=strict} would. Scalars are not coerced ({@code replicas: "3"} is an error).
 * Which apiVersion/kind pairs are read, how legacy versions are rewritten and how each kind is checked come from the
 * kinds given ({@link ManifestKind}); this class knows no kind.
 */
final class ManifestReader {
    /** One accepted apiVersion/kind pair: the current version of a kind, or one of its legacy versions. */
    private record Version(ManifestKind<?> kind, String apiVersion, Optional<ManifestRules.Legacy> legacy) {}

    /**
     * One document, read.
     *
     * @param object the bound and checked object
     * @param kind   its kind
     */
    record Read(HasMetadata object, ManifestKind<?> kind) {}

    private static final ObjectMapper MAPPER = mapper();

    private final List<Version> versions = new ArrayList<>();
    private final String supported;

    /** A reader of the manifests of {@code kinds} (in the registry's order, which messages keep). */
    ManifestReader(List<? extends ManifestKind<?>> kinds) {
        for (ManifestKind<?> k : kinds) {
            k.manifests().ifPresent(rules -> {
                versions.add(new Version(k, k.apiVersion(), Optional.empty()));
                rules.legacy().forEach(l -> versions.add(new Version(k, l.apiVersion(), Optional.of(l))));
            });
        }
        supported = versions.stream().filter(v -> v.legacy().isEmpty()).map(v -> v.apiVersion() + " "
                + v.kind().kind()).collect(Collectors.joining(", "));
    }

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

    /**
     * {@return the bound and checked object; legacy API versions are read as the current one, with a warning added}
     */
    Read read(YamlDoc doc, ManifestRules.Context context, List<String> warnings) {
        JsonNode tree = doc.tree();
        String apiVersion = text(tree, "apiVersion");
        String kind = text(tree, "kind");
        Version v = versions.stream().filter(c -> c.apiVersion().equals(apiVersion) && c.kind().kind().equals(kind))
                .findFirst().orElseThrow(() -> new FieldError(versions.stream().anyMatch(c -> c.kind().kind()
                        .equals(kind)) ? "apiVersion" : "kind", apiVersion + " " + kind + " is not supported"
                        + " (expected one of: " + supported + ")", "podwire runs workloads and services; other kinds"
                        + " are not modelled"));
        ObjectNode input = (ObjectNode) tree.deepCopy();
        if (v.legacy().isPresent()) {
            ManifestRules.Legacy legacy = v.legacy().get();
            warnings.add(doc.warning("apiVersion", apiVersion + " " + kind + " is deprecated (removed in Kubernetes "
                    + legacy.removedIn() + "); read as " + v.kind().apiVersion()));
            input.put("apiVersion", v.kind().apiVersion());
            legacy.defaults().apply(input).forEach(w -> warnings.add(doc.warning(w.path(), w.text())));
        }
        return new Read(bindAndCheck(input, v.kind(), context), v.kind());
    }

    private static <T extends HasMetadata> T bindAndCheck(ObjectNode input, ManifestKind<T> k,
            ManifestRules.Context context) {
        T object = bind(input, k);
        k.manifests().orElseThrow().check().check(object, context);
        return object;
    }

    private static <T extends HasMetadata> T bind(ObjectNode input, ManifestKind<T> k) {
        String kind = k.kind();
        try {
            T object = MAPPER.treeToValue(input, k.type());
            if (k.namespaced() && object.getMetadata() != null && object.getMetadata().getNamespace() == null) {
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

    private String text(JsonNode tree, String key) {
        JsonNode v = tree.get(key);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new FieldError(key, (v == null ? "missing" : ObjReader.shown(v)) + " (expected: a string such as "
                    + (key.equals("kind") ? "Deployment" : "apps/v1") + ")", "supported kinds: " + supported);
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
