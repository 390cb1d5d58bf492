package dev.podwire.control;

import java.util.OptionalInt;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * The apiserver's allocation order for service IPs and node ports (KEP-3070, {@code randomScanStrategyWithOffset}):
 * a range of {@code size} slots is split at {@code offset}; dynamic allocation starts at a random slot of the upper
 * band and scans forward (wrapping inside the band), and only falls back to the lower band, which is kept for
 * statically requested values, when the upper band is full.
 */
final class RandomScan {
    private RandomScan() {}

    /** {@return a free slot in {@code 0..size-1}, or empty when none is free} */
    static OptionalInt pick(int size, int offset, IntPredicate free, RandomGenerator random) {
        int upper = size - offset;
        if (upper > 0) {
            int start = random.nextInt(upper);
            for (int i = 0; i < upper; i++) {
                int at = offset + (start + i) % upper;
                if (free.test(at)) {
                    return OptionalInt.of(at);
                }
            }
        }
        if (offset > 0) {
            int start = random.nextInt(offset);
            for (int i = 0; i < offset; i++) {
                int at = (start + i) % offset;
                if (free.test(at)) {
                    return OptionalInt.of(at);
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * {@return the static band's size: {@code min(max(floor, size / step), cap)}, or 0 for ranges of at most
     * {@code floor} slots} (ipallocator: 16, 16, 256; portallocator: 16, 32, 128)
     */
    static int offset(long size, int floor, int step, int cap) {
        if (size <= floor) {
            return 0;
        }
        return (int) Math.min(Math.max(floor, size / step), cap);
    }
}
