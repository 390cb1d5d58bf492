package dev.podwire.proxy.iptables;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.StringJoiner;

/** Small text helpers of the planner: joining rule parts and kube-proxy's probabilities. */
final class Rules {
    private Rules() {}

    /** {@return {@code parts} joined by single spaces, empty parts skipped} */
    static String join(String... parts) {
        StringJoiner j = new StringJoiner(" ");
        for (String p : parts) {
            if (!p.isEmpty()) {
                j.add(p);
            }
        }
        return j.toString();
    }

    /**
     * {@return kube-proxy's {@code computeProbability(n)}: Go {@code fmt.Sprintf("%0.10f", 1.0/float64(n))}}
     * Go rounds the exact binary value half-to-even, so BigDecimal of the double does the same; {@code
     * String.format} would round the shortest decimal form instead.
     */
    static String probability(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 1)");
        }
        return new BigDecimal(1.0 / n).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
    }
}
