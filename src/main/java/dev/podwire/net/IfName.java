package dev.podwire.net;

import java.util.regex.Pattern;

/**
 * A Linux interface name: 1..15 bytes, no slash, colon or white space (IFNAMSIZ is 16 with the NUL).
 *
 * @param value the name
 */
public record IfName(String value) implements Comparable<IfName> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

    /** Validates the name. */
    public IfName {
        if (value == null) {
            throw new NullPointerException("value");
        }
        if (!VALID.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("interface name: " + value
                    + " (expected: 1..15 characters from A-Z a-z 0-9 _ . - @; Linux limits names to 15 bytes)");
        }
    }

    /** {@return the name} */
    public static IfName of(String value) {
        return new IfName(value);
    }

    @Override
    public int compareTo(IfName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
