package dev.podwire.dns;

import static java.util.Objects.requireNonNull;

/** Where a {@link DnsServer} gets the zone it answers from; asked once per query, so answers follow swaps at once. */
@FunctionalInterface
public interface ZoneSource {

    /** {@return the zone to answer the next query from} */
    ClusterZone current();

    /** {@return a source that always returns {@code zone}} */
    static ZoneSource of(ClusterZone zone) {
        requireNonNull(zone, "zone");
        return () -> zone;
    }
}
