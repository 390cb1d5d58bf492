package dev.podwire.labfile;

import java.util.regex.Pattern;

/**
 * Field paths as Kubernetes prints them: {@code spec.template.spec.containers[0].image}; keys that are not plain
 * identifiers are bracketed and quoted ({@code metadata.labels["app.kubernetes.io/name"]}).
 */
final class FieldPath {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private FieldPath() {}

    /** {@return the path of {@code key} under {@code parent} (the root is the empty path)} */
    static String child(String parent, String key) {
        if (PLAIN.matcher(key).matches()) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "[\"" + key.replace("\"", "\\\"") + "\"]";
    }

    /** {@return the path of item {@code index} of the sequence at {@code parent}} */
    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** {@return the enclosing path; the root's parent is the root} */
    static String parent(String path) {
        if (path.endsWith("]")) {
            int open = path.endsWith("\"]") ? path.lastIndexOf("[\"") : path.lastIndexOf('[');
            return open < 0 ? "" : path.substring(0, open);
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }
}
