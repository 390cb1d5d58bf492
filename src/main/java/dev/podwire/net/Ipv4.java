package dev.podwire.net;

import java.util.Optional;

/**
 * An IPv4 address held as an unsigned 32-bit value in an {@code int}.
 *
 * @param bits the address in network order, as a signed int
 */
public record Ipv4(int bits) implements Comparable<Ipv4> {

    /** {@return the address parsed from dotted-quad text} */
    public static Ipv4 parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "address: " + text + " (expected: dotted-quad IPv4 such as 10.244.0.1)"));
    }

    /** {@return the address, or empty when {@code text} is not a dotted-quad IPv4 address} */
    public static Optional<Ipv4> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return Optional.empty();
            }
            bits = (bits << 8) | octet;
        }
        return Optional.of(new Ipv4(bits));
    }

    /** {@return the address as an unsigned value} */
    public long unsigned() {
        return Integer.toUnsignedLong(bits);
    }

    /** {@return the address {@code n} further on (may wrap)} */
    public Ipv4 plus(long n) {
        return new Ipv4((int) (unsigned() + n));
    }

    /** {@return the four octets, most significant first} */
    public byte[] octets() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    @Override
    public int compareTo(Ipv4 other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
