package dev.podwire.subnet;

import dev.podwire.net.Cidr;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One node's subnet lease: the subnet, what peers need to reach it, and when it lapses.
 *
 * @param subnet the node's pod subnet (the lease key)
 * @param attrs the stored value
 * @param expiration when the lease lapses unless renewed ({@link Instant#MAX} for a reservation without TTL)
 */
public record Lease(Cidr subnet, LeaseAttrs attrs, Instant expiration) implements Comparable<Lease> {
    /** flannel's {@code subnetTTL}: every create and renewal grants 24 h. */
    public static final Duration TTL = Duration.ofHours(24);

    /** flannel's default {@code --subnet-lease-renew-margin}: renew 60 min before expiry. */
    public static final Duration DEFAULT_RENEW_MARGIN = Duration.ofMinutes(60);

    /** Validates. */
    public Lease {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(attrs, "attrs");
        Objects.requireNonNull(expiration, "expiration");
    }

    /** {@return a lease granted at {@code now} for {@link #TTL}} */
    public static Lease granted(Cidr subnet, LeaseAttrs attrs, Instant now) {
        return new Lease(subnet, attrs, now.plus(TTL));
    }

    /** {@return when to renew: expiration minus {@code margin} (flannel: {@code until(expiration) - margin})} */
    public Instant renewAt(Duration margin) {
        if (margin.isNegative() || margin.compareTo(TTL) >= 0) {
            throw new IllegalArgumentException("margin: " + margin + " (expected: 0 <= margin < 24h; flannel accepts"
                    + " 1..1439 minutes)");
        }
        return expiration.equals(Instant.MAX) ? Instant.MAX : expiration.minus(margin);
    }

    /** {@return whether the lease has lapsed at {@code now}} */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiration);
    }

    /** Orders by subnet. */
    @Override
    public int compareTo(Lease other) {
        return subnet.compareTo(other.subnet);
    }
}
