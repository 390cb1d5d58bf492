package dev.podwire.labfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Splits a YAML stream into documents and converts each to a JSON tree, keeping the line of every field. We compose
 * with SnakeYAML (node marks carry lines) instead of letting Jackson bind directly, so that every later error can
 * name a line.
 */
final class YamlReader {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 100;

    private YamlReader() {}

    /**
     * {@return the non-empty documents of {@code text}, numbered by position (empty documents keep their number)}
     *
     * @throws ConfigException on malformed YAML, duplicate keys or non-mapping documents
     */
    static List<YamlDoc> read(Path file, String text) {
        // Duplicate keys are found while converting (with their line); compose itself does not check them.
        LoaderOptions options = new LoaderOptions();
        List<YamlDoc> docs = new ArrayList<>();
        int index = 0;
        try {
            for (Node root : new Yaml(options).composeAll(new StringReader(text))) {
                index++;
                if (root instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
                    continue;    // "---" followed by nothing or only comments: kubectl skips these too
                }
                int start = root.getStartMark().getLine() + 1;
                Map<String, Integer> lines = new HashMap<>();
                try {
                    if (!(root instanceof MappingNode)) {
                        throw new FieldError("", "a " + describe(root) + " (expected: a mapping with apiVersion, kind,"
                                + " metadata)", "each document between --- lines must be one Kubernetes object");
                    }
                    docs.add(new YamlDoc(file, index, start, convert(root, "", lines, 0), lines));
                } catch (FieldError e) {
                    YamlDoc partial = new YamlDoc(file, index, start, JSON.objectNode(), lines);
                    throw partial.error(e);
                }
            }
        } catch (MarkedYAMLException e) {
            int line = (e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark()).getLine() + 1;
            String problem = (e.getContext() != null ? e.getContext() + ", " : "") + e.getProblem();
            throw new ConfigException(file, OptionalInt.of(line), index + 1, Optional.empty(), Optional.empty(), "",
                    "malformed YAML: " + problem, "check indentation and quoting around line " + line, e);
        } catch (YAMLException e) {
            throw new ConfigException(file, OptionalInt.empty(), index + 1, Optional.empty(), Optional.empty(), "",
                    "malformed YAML: " + e.getMessage(), "check the file is YAML text", e);
        }
        return docs;
    }

    private static JsonNode convert(Node node, String path, Map<String, Integer> lines, int depth) {
        if (depth > MAX_DEPTH) {
            throw new FieldError(path, "nested deeper than " + MAX_DEPTH + " levels (expected: a Kubernetes object)",
                    "remove recursive YAML aliases");
        }
        return switch (node) {
            case MappingNode map -> {
                ObjectNode obj = JSON.objectNode();
                for (NodeTuple tuple : map.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                        throw new FieldError(path, "a " + describe(tuple.getKeyNode()) + " used as a key"
                                + " (expected: a string key)", "keys must be plain names");
                    }
                    String child = FieldPath.child(path, key.getValue());
                    if (obj.has(key.getValue())) {
                        lines.put(child, key.getStartMark().getLine() + 1);
                        throw new FieldError(child, "duplicate key (expected: each key once per mapping)",
                                "remove one of the two " + key.getValue() + " entries");
                    }
                    lines.put(child, key.getStartMark().getLine() + 1);
                    obj.set(key.getValue(), convert(tuple.getValueNode(), child, lines, depth + 1));
                }
                yield obj;
            }
            case SequenceNode seq -> {
                ArrayNode array = JSON.arrayNode();
                List<Node> items = seq.getValue();
                for (int i = 0; i < items.size(); i++) {
                    String child = FieldPath.index(path, i);
                    lines.put(child, items.get(i).getStartMark().getLine() + 1);
                    array.add(convert(items.get(i), child, lines, depth + 1));
                }
                yield array;
            }
            case ScalarNode scalar -> scalar(scalar);
            default -> throw new FieldError(path, "unsupported YAML node " + node.getNodeId(), "use plain YAML");
        };
    }

    // Plain scalars were resolved by SnakeYAML's YAML 1.1 resolver (as go-yaml does for kubectl); quoted ones are
    // strings. Anything we cannot represent exactly stays a string and fails type checks later with a clear message.
    private static JsonNode scalar(ScalarNode scalar) {
        String v = scalar.getValue();
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.NULL)) {
            return JSON.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            String b = v.toLowerCase(Locale.ROOT);
            return JSON.booleanNode(b.equals("true") || b.equals("yes") || b.equals("on") || b.equals("y"));
        }
        if (tag.equals(Tag.INT)) {
            return integer(v).<JsonNode>map(l -> l == l.intValue() ? JSON.numberNode(l.intValue()) : JSON.numberNode(l))
                    .orElseGet(() -> JSON.textNode(v));
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                return JSON.numberNode(Double.parseDouble(v.replace("_", "")));
            } catch (NumberFormatException e) {
                return JSON.textNode(v);
            }
        }
        return JSON.textNode(v);
    }

    private static Optional<Long> integer(String text) {
        String s = text.replace("_", "");
        boolean negative = s.startsWith("-");
        if (s.startsWith("-") || s.startsWith("+")) {
            s = s.substring(1);
        }
        try {
            BigInteger value;
            if (s.startsWith("0x")) {
                value = new BigInteger(s.substring(2), 16);
            } else if (s.startsWith("0b")) {
                value = new BigInteger(s.substring(2), 2);
            } else if (s.startsWith("0o")) {
                value = new BigInteger(s.substring(2), 8);
            } else if (s.length() > 1 && s.startsWith("0")) {
                value = new BigInteger(s.substring(1), 8);
            } else {
                value = new BigInteger(s);
            }
            return Optional.of((negative ? value.negate() : value).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static String describe(Node node) {
        return switch (node) {
            case MappingNode _ -> "mapping";
            case SequenceNode _ -> "list";
            case ScalarNode s -> "scalar '" + s.getValue() + "'";
            default -> "YAML node";
        };
    }
}
