package dev.podwire.net;

import java.util.regex.Pattern;

/**
 * A named network namespace as {@code ip netns} knows it (a file under {@code /run/netns}), or the host's own.
 *
 * @param name the namespace name; empty for {@link #HOST}
 */
public record Netns(String name) implements Comparable<Netns> {
    /** The root namespace. podwire never changes it; it only runs read-only commands there. */
    public static final Netns HOST = new Netns("");

    private static final Pattern VALID = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

    /** Validates the name. */
    public Netns {
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (!name.isEmpty() && !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("netns: " + name
                    + " (expected: lower-case letters, digits, '-' and '.', at most 63 characters)");
        }
    }

    /** {@return the namespace with that name} */
    public static Netns of(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("netns: \"\" (expected: a name; use Netns.HOST for the root namespace)");
        }
        return new Netns(name);
    }

    /** {@return whether this is the root namespace} */
    public boolean isHost() {
        return name.isEmpty();
    }

    /** {@return the bind-mount path {@code ip netns} uses} */
    public String path() {
        return "/run/netns/" + name;
    }

    @Override
    public int compareTo(Netns other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return isHost() ? "host" : name;
    }
}
