package dev.podwire.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.podwire.cluster.Names;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;

/**
 * The {@code pod-template-hash} label: FNV-32a over the template, its decimal value safe-encoded into the
 * generated-name alphabet, as {@code controller.ComputeHash} does (so hashes look like {@code 574b87c764}).
 * Kubernetes hashes Go's deep-printed struct; we hash canonical JSON (sorted keys), which is stable across runs
 * and JVMs but gives different values than a real cluster for the same template.
 */
final class PodTemplateHash {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private PodTemplateHash() {}

    static String of(PodTemplateSpec template) {
        String json;
        try {
            // Through a tree so that fabric8's additionalProperties maps are sorted too.
            json = CANONICAL.writeValueAsString(CANONICAL.readTree(CANONICAL.writeValueAsString(template)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("template: " + e.getOriginalMessage() + " (expected: serializable)", e);
        }
        return Names.safeEncode(Integer.toUnsignedString(fnv32a(json.getBytes(StandardCharsets.UTF_8))));
    }

    static int fnv32a(byte[] data) {
        int hash = FNV_OFFSET;
        for (byte b : data) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }
}
