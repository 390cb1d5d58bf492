package dev.podwire.kinds.namespace;

import dev.podwire.kinds.Age;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** kubectl's namespace columns ({@code printNamespace}); {@code -o wide} adds nothing. */
public final class NamespaceRows {
    /** The columns. */
    public static final List<String> HEADER = List.of("NAME", "STATUS", "AGE");

    private NamespaceRows() {}

    /** {@return the cells of {@code ns}'s row} */
    public static List<String> row(Namespace ns, Instant now, boolean wide) {
        return List.of(ns.getMetadata().getName(),
                ns.getStatus() == null || ns.getStatus().getPhase() == null ? "" : ns.getStatus().getPhase(),
                Age.since(Optional.ofNullable(ns.getMetadata().getCreationTimestamp()), now));
    }
}
