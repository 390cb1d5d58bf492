package dev.podwire.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xbill.DNS.Address;

/**
 * IP addresses written as one DNS label, as CoreDNS writes and reads them: {@code 10-244-1-7} for IPv4, the
 * compressed IPv6 text with {@code :} replaced by {@code -} and a trailing {@code -} completed with {@code 0}
 * ({@code 2001-db8--0}).
 */
final class DashedIp {
    private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    private DashedIp() {
    }

    /** {@return the address as one label} */
    static String label(InetAddress ip) {
        String text = ip instanceof Inet6Address v6 ? compressed(v6) : ip.getHostAddress();
        String dashed = text.replace('.', '-').replace(':', '-');
        return dashed.endsWith("-") ? dashed + "0" : dashed;
    }

    /**
     * {@return the address a pod label names}: three dashes and no {@code --} is IPv4 (each part 0..255), anything
     * else is read as IPv6 with {@code -} as {@code :}; empty when it is neither (CoreDNS {@code podsInsecure}).
     */
    static Optional<InetAddress> parse(String label) {
        long dashes = label.chars().filter(c -> c == '-').count();
        if (dashes == 3 && !label.contains("--")) {
            String[] parts = label.split("-", -1);
            for (String part : parts) {
                if (!OCTET.matcher(part).matches() || Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
            return literal(String.join(".", parts), Address.IPv4);
        }
        if (!label.matches("[0-9a-fA-F-]+")) {
            return Optional.empty();
        }
        return literal(label.replace('-', ':'), Address.IPv6);
    }

    /** {@return {@code text} as an IPv4 or IPv6 literal (never a DNS lookup), or empty} */
    static Optional<InetAddress> literal(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        return literal(text, text.contains(":") ? Address.IPv6 : Address.IPv4);
    }

    private static Optional<InetAddress> literal(String text, int family) {
        try {
            return Address.isDottedQuad(text) || family == Address.IPv6
                    ? Optional.of(Address.getByAddress(text, family)) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** {@return whether the address is IPv4} */
    static boolean isV4(InetAddress ip) {
        return ip instanceof Inet4Address;
    }

    // RFC 5952 text (what Go's net.IP.String() prints): the longest run of two or more zero groups becomes "::".
    static String compressed(Inet6Address ip) {
        byte[] b = ip.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
