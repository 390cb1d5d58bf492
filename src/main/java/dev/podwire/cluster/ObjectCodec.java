package dev.podwire.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** JSON for fabric8 objects: the datastore value format. fabric8's model annotations drive the mapping. */
final class ObjectCodec {
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ObjectCodec() {}

    static String write(Object object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("object: " + e.getOriginalMessage() + " (expected: serializable)", e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    static ObjectNode tree(Object object) {
        return JSON.valueToTree(object);
    }

    static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("object: " + e.getOriginalMessage() + " (expected: a " + type.getSimpleName() + ")", e);
        }
    }

    /** {@return a deep copy, so callers' objects are never mutated by the store} */
    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T copy(T object) {
        return (T) fromTree(tree(object), object.getClass());
    }
}
