package dev.podwire.kinds;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * kubectl's AGE column: {@code duration.HumanDuration} from k8s.io/apimachinery, about 2-3 significant figures:
 * {@code 87s}, {@code 2m20s}, {@code 15m}, {@code 5h3m}, {@code 15h}, {@code 3d4h}, {@code 45d}, {@code 2y30d}.
 */
public final class Age {
    private Age() {}

    /** {@return the AGE cell for an object created at {@code created} ({@code <unknown>} when unset)} */
    public static String since(Optional<String> created, Instant now) {
        return created.map(ts -> human(Duration.between(Instant.parse(ts), now))).orElse("<unknown>");
    }

    /** {@return kubectl's text for {@code d}, e.g. {@code 2m20s}; {@code <invalid>} below -1 s} */
    public static String human(Duration d) {
        // Go's int(d.Seconds()) truncates toward zero, so -1.5s counts as -1s.
        long seconds = d.isNegative() ? -d.negated().getSeconds() : d.getSeconds();
        // Up to a second of clock skew in the future still reads as "now".
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = hours / 24 % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
