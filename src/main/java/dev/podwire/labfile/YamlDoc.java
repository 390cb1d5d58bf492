package dev.podwire.labfile;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One YAML document of an input file: its JSON tree and the line of every field path in it.
 *
 * @param file the file, as given
 * @param index 1-based position of the document in the file
 * @param startLine 1-based line where the document's content starts
 * @param tree the document as JSON (YAML 1.1 scalar types resolved as Kubernetes does)
 * @param lines field path to the 1-based line of its key (or of the sequence item)
 */
record YamlDoc(Path file, int index, int startLine, JsonNode tree, Map<String, Integer> lines) {
    YamlDoc {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tree, "tree");
        lines = Map.copyOf(lines);
    }

    /** {@return the line of {@code path}, or of its nearest present ancestor, or the document's first line} */
    int line(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            p = FieldPath.parent(p);
        }
        return startLine;
    }

    /** {@return the top-level {@code kind}, when it is a string} */
    Optional<String> kind() {
        return text(tree.path("kind"));
    }

    /** {@return {@code metadata.name}, when it is a string} */
    Optional<String> name() {
        return text(tree.path("metadata").path("name"));
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }

    /** {@return the problem located in this document} */
    ConfigException error(FieldError e) {
        return new ConfigException(file, OptionalInt.of(line(e.path())), index, kind(), name(), e.path(),
                e.problem(), e.hint(), null);
    }

    /** {@return a warning line {@code file:line: text}, located at {@code path}} */
    String warning(String path, String text) {
        return file + ":" + line(path) + ": " + text;
    }
}
