package dev.podwire.labfile;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Kubernetes' name rules ({@code apimachinery/pkg/util/validation}), with its wording, for manifest checks.
 */
public final class K8sNames {
    private static final Pattern DNS1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUALIFIED = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern IANA_SVC = Pattern.compile("[-a-z0-9]+");

    private K8sNames() {}

    /** The rule an object's {@code metadata.name} follows, by kind. */
    public enum Rule {
        /** Namespaces, container and port names. */
        DNS1123_LABEL("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
                + " must start and end with an alphanumeric character, at most 63 characters"),
        /** Services. */
        DNS1035_LABEL("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an"
                + " alphabetic character, and end with an alphanumeric character, at most 63 characters"),
        /** Most other objects: pods, deployments, config maps. */
        DNS1123_SUBDOMAIN("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-'"
                + " or '.', and must start and end with an alphanumeric character, at most 253 characters");

        final String text;

        Rule(String text) {
            this.text = text;
        }

        boolean accepts(String name) {
            return switch (this) {
                case DNS1123_LABEL -> NameRules.isLabel(name, 63);
                case DNS1035_LABEL -> name.length() <= 63 && DNS1035.matcher(name).matches();
                case DNS1123_SUBDOMAIN -> NameRules.isSubdomain(name);
            };
        }
    }

    /** Checks a name against a rule, naming the field on failure. */
    public static void require(Rule rule, String path, String name, String hint) {
        if (!rule.accepts(name)) {
            String size = name.length() > 63 ? " is " + name.length() + " characters long" : "";
            throw new FieldError(path, name + size + " (expected: " + rule.text + ")", hint);
        }
    }

    /** Checks label keys and values (or selector terms) in {@code map} at {@code path}. */
    public static void requireLabels(String path, Map<String, String> map) {
        if (map == null) {
            return;
        }
        String hint = "labels look like app: nginx; values are at most 63 characters";
        for (var e : map.entrySet()) {
            String keyPath = FieldPath.child(path, e.getKey());
            if (!isQualifiedName(e.getKey())) {
                throw new FieldError(keyPath, "invalid label key (expected: an optional DNS prefix and '/', then a"
                        + " name of at most 63 alphanumerics, '-', '_' or '.')", hint);
            }
            String v = e.getValue() == null ? "" : e.getValue();
            if (v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) {
                throw new FieldError(keyPath, v + " (expected: a label value: at most 63 alphanumerics, '-', '_'"
                        + " or '.', starting and ending with an alphanumeric)", hint);
            }
        }
    }

    /** {@return whether {@code name} is a lowercase RFC 1123 subdomain, e.g. {@code example.com}} */
    public static boolean isSubdomain(String name) {
        return NameRules.isSubdomain(name);
    }

    /** {@return whether {@code key} is a qualified name such as {@code app} or {@code app.kubernetes.io/name}} */
    static boolean isQualifiedName(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0 && !NameRules.isSubdomain(key.substring(0, slash))) {
            return false;
        }
        return name.length() <= 63 && QUALIFIED.matcher(name).matches();
    }

    /** {@return whether {@code name} is an IANA service name as container port names must be (RFC 6335)} */
    public static boolean isPortName(String name) {
        return name.length() <= 15 && IANA_SVC.matcher(name).matches() && name.chars().anyMatch(Character::isLetter)
                && !name.startsWith("-") && !name.endsWith("-") && !name.contains("--");
    }
}
