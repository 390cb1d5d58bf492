package dev.podwire.labfile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Go's {@code time.ParseDuration} ("1s", "500ms", "1m30s", "1.5h"), as kube-proxy's config reads durations, and
 * {@code Duration.String()}, as Kubernetes components write them.
 */
public final class GoDuration {
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L,
            "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {}

    /** {@return the duration, or empty when {@code text} is not a Go duration} */
    static Optional<Duration> parse(String text) {
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            Long unit = NANOS.get(s.substring(unitStart, i));
            // Go requires a unit on every number ("1" alone is an error, unlike "0").
            if (number.isEmpty() || number.equals(".") || unit == null || number.indexOf('.') != number.lastIndexOf('.')) {
                return Optional.empty();
            }
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
        }
        long nanos = total.longValue();
        return Optional.of(Duration.ofNanos(negative ? -nanos : nanos));
    }

    /** {@return a Go duration string: {@code 30s}, {@code 1m0s}, {@code 500ms}} */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        String frac = d.toMillisPart() == 0 ? "" : String.format(Locale.ROOT, ".%03d", d.toMillisPart())
                .replaceAll("0+$", "");
        if (s < 60) {
            return s + frac + "s";
        }
        return (s >= 3600 ? s / 3600 + "h" : "") + (s % 3600) / 60 + "m" + s % 60 + frac + "s";
    }
}
