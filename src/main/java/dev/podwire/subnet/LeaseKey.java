package dev.podwire.subnet;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * flannel's etcd key layout under a prefix ({@code --etcd-prefix}, default {@code /coreos.com/network}):
 * {@code <prefix>/config} holds net-conf.json and {@code <prefix>/subnets/10.244.1.0-24} holds one lease.
 *
 * @param prefix the key prefix, starting with {@code /} and without a trailing {@code /}
 */
public record LeaseKey(String prefix) {
    /** flannel's default prefix. */
    public static final LeaseKey DEFAULT = new LeaseKey("/coreos.com/network");

    // flannel's pattern, unescaped dots included; only its IPv4 half matters (the "&<ipv6>-<len>" tail is optional).
    private static final Pattern SUBNET_KEY =
            Pattern.compile("(\\d+\\.\\d+.\\d+.\\d+)-(\\d+)(?:&([a-f\\d:]+)-(\\d+))?$");

    /** Validates the prefix. */
    public LeaseKey {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
            throw new IllegalArgumentException("etcd prefix: " + prefix
                    + " (expected: an absolute key path without trailing '/', e.g. /coreos.com/network)");
        }
    }

    /** {@return the short key flannel uses for a subnet, e.g. {@code 10.244.1.0-24}} */
    public static String subnetKey(Cidr subnet) {
        return subnet.address() + "-" + subnet.prefixLength();
    }

    /**
     * {@return the subnet a key names, or empty for keys flannel skips ("not a subnet, skipping")}. Same semantics
     * as flannel's {@code ParseSubnetKey}: the pattern may match at the end of a longer string (so a full key works
     * too), the address must be a valid IPv4 address without leading zeros ({@code 10.12.13.300-24} is skipped) and
     * the prefix length 0..31 ({@code ParseUint(s, 10, 5)}). One deliberate difference: a key with host bits set
     * ({@code 10.244.1.5-24}) is skipped instead of yielding a non-canonical subnet.
     */
    public static Optional<Cidr> parseSubnetKey(String key) {
        Matcher m = SUBNET_KEY.matcher(key);
        if (!m.find()) {
            return Optional.empty();
        }
        String address = m.group(1);
        String length = m.group(2);
        if (hasLeadingZero(address) || length.length() > 2) {
            return Optional.empty();
        }
        int prefixLength = Integer.parseInt(length);
        if (prefixLength > 31) {
            return Optional.empty();
        }
        return Ipv4.tryParse(address)
                .filter(ip -> new Cidr(ip, prefixLength).address().equals(ip))
                .map(ip -> new Cidr(ip, prefixLength));
    }

    /** {@return the key holding the network configuration, {@code <prefix>/config}} */
    public String configKey() {
        return prefix + "/config";
    }

    /** {@return the directory of all leases, {@code <prefix>/subnets/}, for a prefix get or watch} */
    public String subnetsPrefix() {
        return prefix + "/subnets/";
    }

    /** {@return the full key of a lease, e.g. {@code /coreos.com/network/subnets/10.244.1.0-24}} */
    public String leaseKey(Cidr subnet) {
        return subnetsPrefix() + subnetKey(subnet);
    }

    /** {@return the subnet of a full lease key under this prefix, or empty when it is not one} */
    public Optional<Cidr> parseLeaseKey(String fullKey) {
        if (!fullKey.startsWith(subnetsPrefix())) {
            return Optional.empty();
        }
        String rest = fullKey.substring(subnetsPrefix().length());
        return rest.contains("/") ? Optional.empty() : parseSubnetKey(rest);
    }

    // Go's net.ParseIP rejects octets with leading zeros ("010"), which Ipv4.tryParse would read as decimal.
    private static boolean hasLeadingZero(String dotted) {
        for (String octet : dotted.split("\\.", -1)) {
            if (octet.length() > 1 && octet.charAt(0) == '0') {
                return true;
            }
        }
        return false;
    }
}
