package dev.podwire.kinds.addresspool;

import dev.podwire.kinds.Age;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The example kind's columns: NAME CIDR AGE, and BLOCKSIZE with {@code -o wide}. */
public final class AddressPoolRows {
    /** The columns. */
    public static final List<String> HEADER = List.of("NAME", "CIDR", "AGE");
    /** The columns {@code -o wide} adds. */
    public static final List<String> WIDE = List.of("BLOCKSIZE");

    private AddressPoolRows() {}

    /** {@return the cells of {@code pool}'s row} */
    public static List<String> row(AddressPool pool, Instant now, boolean wide) {
        List<String> row = new ArrayList<>(List.of(pool.getMetadata().getName(), pool.getSpec().cidr(),
                Age.since(Optional.ofNullable(pool.getMetadata().getCreationTimestamp()), now)));
        if (wide) {
            row.add(String.valueOf(AddressPoolChecks.blockSize(pool)));
        }
        return row;
    }
}
