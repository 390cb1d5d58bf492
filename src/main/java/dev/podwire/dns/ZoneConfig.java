package dev.podwire.dns;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * What the zone is built with, like the CoreDNS {@code kubernetes} plugin's settings.
 *
 * @param clusterDomain the cluster domain without trailing dot, e.g. {@code cluster.local}
 * @param ttl           the TTL of every record except {@code dns-version} (CoreDNS {@code ttl}, 0..3600 s, default 5 s)
 */
public record ZoneConfig(String clusterDomain, Duration ttl) {
    /** CoreDNS's default record TTL. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    public ZoneConfig {
        requireNonNull(clusterDomain, "clusterDomain");
        requireNonNull(ttl, "ttl");
        if (clusterDomain.isEmpty() || clusterDomain.endsWith(".") || clusterDomain.startsWith(".")) {
            throw new IllegalArgumentException("clusterDomain: \"" + clusterDomain
                    + "\" (expected: a domain like cluster.local, no leading or trailing dot)");
        }
        try {
            Name.fromString(clusterDomain + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("clusterDomain: " + clusterDomain + " (expected: a valid DNS name)", e);
        }
        if (ttl.isNegative() || ttl.compareTo(Duration.ofHours(1)) > 0 || ttl.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: whole seconds, 0..3600)");
        }
    }

    /** {@return the config for {@code clusterDomain} with the default 5 s TTL} */
    public static ZoneConfig of(String clusterDomain) {
        return new ZoneConfig(clusterDomain, DEFAULT_TTL);
    }

    /** {@return the zone apex as an absolute name} */
    public Name origin() {
        return Name.fromConstantString(clusterDomain.toLowerCase(java.util.Locale.ROOT) + ".");
    }
}
