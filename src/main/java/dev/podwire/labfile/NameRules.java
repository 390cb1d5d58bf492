package dev.podwire.labfile;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules a name in a lab file must follow (DNS labels, because names become namespaces) and the canonical map copies
 * of lab records. Not to be confused with {@link dev.podwire.lab.LabNames}, which derives the kernel's and the disk's
 * names (namespaces, links, state directory) from a lab name that passed these rules; it keeps its own check of the
 * lab name ({@link #LAB_MAX}) because commands such as {@code down} build it from a name typed on the command line,
 * without a lab file.
 */
final class NameRules {
    /** Longest lab name: it prefixes every namespace and interface-derived name. */
    static final int LAB_MAX = 20;
    /** Longest node, host or router name: {@code <lab>-<name>} must stay a 63-character DNS label. */
    static final int MACHINE_MAX = 40;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private NameRules() {}

    /** {@return whether {@code s} is an RFC 1123 label of at most {@code max} characters} */
    static boolean isLabel(String s, int max) {
        return s.length() <= max && LABEL.matcher(s).matches();
    }

    /** {@return whether {@code s} is an RFC 1123 subdomain: dot-separated labels, at most 253 characters} */
    static boolean isSubdomain(String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (!isLabel(label, 63)) {
                return false;
            }
        }
        return true;
    }

    /** {@return the label constraint in words, for messages} */
    static String labelRule(int max) {
        return "a DNS label: at most " + max + " characters of a-z, 0-9 and '-', starting and ending with a letter"
                + " or digit";
    }

    static void requireLabel(String field, String value, int max) {
        Objects.requireNonNull(value, field);
        if (!isLabel(value, max)) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: " + labelRule(max) + ")");
        }
    }

    /** {@return an unmodifiable copy sorted by key, so iteration order is deterministic} */
    static Map<String, String> sortedCopy(Map<String, String> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
