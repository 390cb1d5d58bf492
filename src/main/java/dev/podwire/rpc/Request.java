package dev.podwire.rpc;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One call from the CLI to a lab daemon: a verb, positional arguments and options.
 *
 * @param verb what to do ({@code progress}, {@code get}, {@code resolve}, {@code apply}, {@code scale},
 *     {@code delete}, {@code status}, {@code down})
 * @param args positional arguments
 * @param options named options
 */
public record Request(String verb, List<String> args, Map<String, String> options) {

    /** Copies. */
    public Request {
        Objects.requireNonNull(verb, "verb");
        args = List.copyOf(args);
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /** {@return a request with no options} */
    public static Request of(String verb, String... args) {
        return new Request(verb, List.of(args), Map.of());
    }

    /** {@return an option's value, or the fallback} */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }
}
