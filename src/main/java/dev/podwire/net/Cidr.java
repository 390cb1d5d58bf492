package dev.podwire.net;

import java.util.Optional;

/**
 * An IPv4 prefix. The canonical form has no host bits set; {@link #parse} masks them, {@link #strict} rejects them.
 *
 * @param address the network address (host bits clear)
 * @param prefixLength 0..32
 */
public record Cidr(Ipv4 address, int prefixLength) implements Comparable<Cidr> {

    /** Validates the prefix and clears host bits. */
    public Cidr {
        if (address == null) {
            throw new NullPointerException("address");
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefixLength: " + prefixLength + " (expected: 0..32)");
        }
        address = new Ipv4(address.bits() & mask(prefixLength));
    }

    /** {@return the prefix parsed from {@code a.b.c.d/n}, with host bits masked off} */
    public static Cidr parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "cidr: " + text + " (expected: IPv4 prefix such as 10.244.0.0/16)"));
    }

    /** {@return the prefix parsed from {@code a.b.c.d/n}, rejecting host bits} */
    public static Cidr strict(String text) {
        Cidr cidr = parse(text);
        Ipv4 given = Ipv4.parse(text.substring(0, text.indexOf('/')));
        if (!given.equals(cidr.address())) {
            throw new IllegalArgumentException("cidr: " + text + " (expected: no host bits set, as in " + cidr + ")");
        }
        return cidr;
    }

    /** {@return the prefix, or empty when {@code text} is not {@code a.b.c.d/n}} */
    public static Optional<Cidr> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(len);
        if (prefix > 32) {
            return Optional.empty();
        }
        return Ipv4.tryParse(text.substring(0, slash)).map(ip -> new Cidr(ip, prefix));
    }

    /** {@return the netmask for a prefix length} */
    public static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** {@return the number of addresses in this prefix} */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** {@return whether {@code ip} is inside this prefix} */
    public boolean contains(Ipv4 ip) {
        return (ip.bits() & mask(prefixLength)) == address.bits();
    }

    /** {@return whether {@code other} lies wholly inside this prefix} */
    public boolean contains(Cidr other) {
        return other.prefixLength >= prefixLength && contains(other.address);
    }

    /** {@return whether the two prefixes share any address} */
    public boolean overlaps(Cidr other) {
        return contains(other.address) || other.contains(address);
    }

    /** {@return the {@code n}-th address of the prefix (0 = network address)} */
    public Ipv4 host(long n) {
        if (n < 0 || n >= size()) {
            throw new IllegalArgumentException("n: " + n + " (expected: 0.." + (size() - 1) + " in " + this + ")");
        }
        return address.plus(n);
    }

    /** {@return the last address (broadcast for prefixes shorter than /31)} */
    public Ipv4 last() {
        return address.plus(size() - 1);
    }

    @Override
    public int compareTo(Cidr other) {
        int c = address.compareTo(other.address);
        return c != 0 ? c : Integer.compare(prefixLength, other.prefixLength);
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
