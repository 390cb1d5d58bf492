package dev.podwire.net;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A 48-bit Ethernet address.
 *
 * @param bits the address in the low 48 bits
 */
public record Mac(long bits) {

    /** Validates the range. */
    public Mac {
        if ((bits >>> 48) != 0) {
            throw new IllegalArgumentException("mac: " + Long.toHexString(bits) + " (expected: 48 bits)");
        }
    }

    /** {@return the address parsed from {@code aa:bb:cc:dd:ee:ff}} */
    public static Mac parse(String text) {
        String hex = text.replace(":", "");
        if (hex.length() != 12 || text.length() != 17) {
            throw new IllegalArgumentException("mac: " + text + " (expected: six colon-separated hex octets)");
        }
        return new Mac(HexFormat.fromHexDigitsToLong(hex));
    }

    /** {@return a random locally administered unicast address, as flannel makes its VTEP MAC} */
    public static Mac randomLocal(RandomGenerator random) {
        long bits = random.nextLong() & 0xffff_ffff_ffffL;
        long first = ((bits >>> 40) & 0xfe) | 0x02;
        return new Mac((bits & 0xff_ffff_ffffL) | (first << 40));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (out.length() > 0) {
                out.append(':');
            }
            out.append(HexFormat.of().toHexDigits((byte) (bits >>> shift)));
        }
        return out.toString();
    }
}
