package dev.podwire.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The snapshot file format: {@code {"revision": n, "keys": [{"key", "value", "createRevision", "modRevision",
 * "expires"?}]}}, keys sorted. Written to a temporary file beside the target and renamed over it, so a reader sees
 * the old or the new snapshot, never half of one.
 */
final class SnapshotFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Contents(long revision, List<KeyValue> keys) {
        Contents {
            keys = List.copyOf(keys);
        }
    }

    private SnapshotFile() {}

    static void write(Path target, long revision, Collection<KeyValue> keys) {
        ObjectNode root = JSON.createObjectNode();
        root.put("revision", revision);
        ArrayNode array = root.putArray("keys");
        for (KeyValue kv : keys) {
            ObjectNode node = array.addObject();
            node.put("key", kv.key());
            node.put("value", kv.value());
            node.put("createRevision", kv.createRevision());
            node.put("modRevision", kv.modRevision());
            kv.expires().ifPresent(at -> node.put("expires", at.toString()));
        }
        Path dir = target.toAbsolutePath().getParent();
        try {
            Path temp = Files.createTempFile(dir, target.getFileName() + ".", ".tmp");
            try {
                JSON.writeValue(temp.toFile(), root);
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write datastore snapshot " + target + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static Contents read(Path source) {
        JsonNode root;
        try {
            root = JSON.readTree(source.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("read datastore snapshot " + source + ": " + e.getMessage(), e);
        }
        long revision = required(root, "revision", source).asLong();
        List<KeyValue> keys = new ArrayList<>();
        for (JsonNode node : required(root, "keys", source)) {
            Optional<Instant> expires = node.hasNonNull("expires")
                    ? Optional.of(Instant.parse(node.get("expires").asText()))
                    : Optional.empty();
            keys.add(new KeyValue(required(node, "key", source).asText(), required(node, "value", source).asText(),
                    required(node, "createRevision", source).asLong(), required(node, "modRevision", source).asLong(),
                    expires));
        }
        return new Contents(revision, keys);
    }

    private static JsonNode required(JsonNode node, String field, Path source) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(
                    "snapshot " + source + ": " + field + ": missing (expected: a podwire datastore snapshot)");
        }
        return value;
    }
}
