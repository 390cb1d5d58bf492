package dev.podwire.subnet;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code /run/flannel/subnet.env} flanneld writes and the flannel CNI plugin reads (IPv4 lines only).
 *
 * <pre>
 * FLANNEL_NETWORK=10.244.0.0/16
 * FLANNEL_SUBNET=10.244.1.1/24
 * FLANNEL_MTU=1500
 * FLANNEL_IPMASQ=true
 * </pre>
 *
 * @param network the whole pod network
 * @param subnet this node's lease (canonical; rendered as its first address, the bridge/gateway address)
 * @param mtu the pod MTU, 68..65535
 * @param ipMasq whether flanneld masquerades ({@code --ip-masq}); the CNI plugin then sets bridge ipMasq to the opposite
 */
public record SubnetEnv(Cidr network, Cidr subnet, int mtu, boolean ipMasq) {
    /** Where flanneld writes the file by default ({@code --subnet-file}). */
    public static final String DEFAULT_PATH = "/run/flannel/subnet.env";

    /** Validates. */
    public SubnetEnv {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(subnet, "subnet");
        if (!network.contains(subnet)) {
            throw new IllegalArgumentException("subnet: " + subnet + " (expected: inside FLANNEL_NETWORK " + network
                    + ")");
        }
        if (subnet.prefixLength() > 31) {
            throw new IllegalArgumentException("subnet: " + subnet + " (expected: /31 or shorter)");
        }
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("mtu: " + mtu + " (expected: 68..65535)");
        }
    }

    /** {@return the subnet's first address, which flannel writes as FLANNEL_SUBNET and the bridge gets} */
    public Ipv4 gateway() {
        return subnet.host(1);
    }

    /** {@return the file's text in flannel's exact format and order, each line ending in {@code \n}} */
    public String render() {
        return "FLANNEL_NETWORK=" + network + "\n"
                + "FLANNEL_SUBNET=" + gateway() + "/" + subnet.prefixLength() + "\n"
                + "FLANNEL_MTU=" + mtu + "\n"
                + "FLANNEL_IPMASQ=" + ipMasq + "\n";
    }

    /**
     * {@return the values in a subnet.env text}. Accepts what a dotenv reader accepts: blank lines, {@code #}
     * comments, {@code export KEY=value}, quoted values; IPv6 and unknown keys are ignored.
     *
     * @throws IllegalArgumentException when a key is missing or malformed, or a CIDR list has more than one entry
     */
    public static SubnetEnv parse(String text) {
        Map<String, String> values = new TreeMap<>();
        int lineNo = 0;
        for (String raw : text.split("\r?\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("subnet.env line " + lineNo + ": " + raw
                        + " (expected: KEY=value)");
            }
            values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        Cidr network = cidr(values, "FLANNEL_NETWORK");
        Cidr subnet = cidr(values, "FLANNEL_SUBNET");
        String mtu = required(values, "FLANNEL_MTU");
        if (!mtu.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("FLANNEL_MTU: " + mtu + " (expected: an integer 68..65535)");
        }
        String masq = required(values, "FLANNEL_IPMASQ");
        if (!masq.equals("true") && !masq.equals("false")) {
            throw new IllegalArgumentException("FLANNEL_IPMASQ: " + masq + " (expected: true or false)");
        }
        return new SubnetEnv(network, subnet, Integer.parseInt(mtu), Boolean.parseBoolean(masq));
    }

    private static Cidr cidr(Map<String, String> values, String key) {
        String value = required(values, key);
        if (value.contains(",")) {
            // flanneld logs an error and ignores a list with more than one entry; podwire refuses it.
            throw new IllegalArgumentException(key + ": " + value + " (expected: exactly one IPv4 CIDR)");
        }
        Optional<Cidr> cidr = Cidr.tryParse(value);
        return cidr.orElseThrow(() -> new IllegalArgumentException(key + ": " + value
                + " (expected: an IPv4 CIDR such as 10.244.1.1/24)"));
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(key + ": missing (expected: a " + key + "= line in subnet.env)");
        }
        return value;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
