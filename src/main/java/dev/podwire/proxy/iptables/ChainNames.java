package dev.podwire.proxy.iptables;

import dev.podwire.proxy.EndpointInfo;
import dev.podwire.proxy.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * kube-proxy's chain names: a prefix plus the first 16 characters of base32(sha256(key)), RFC 4648 alphabet.
 * For a service port the key is {@code ns/name:port} + lower-case protocol ({@code portProtoHash}); for an endpoint
 * it is that plus {@code ip:port} ({@code servicePortEndpointChainName}). E.g. {@code kube-system/kube-dns:metrics}
 * tcp gives {@code KUBE-SVC-JD5MR3NA4I4DYORP}, its endpoint 10.244.0.2:9153 {@code KUBE-SEP-N4G2XR5TDX7PQE7P}.
 */
public final class ChainNames {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private ChainNames() {}

    /** {@return the 16-character hash of a service port, the suffix of its SVC, SVL, EXT and FW chains} */
    public static String portProtoHash(ServicePortName name) {
        return hash(name.toString() + name.protocol().lower());
    }

    /** {@return {@code KUBE-SVC-<hash>}, the Cluster-policy endpoint chain} */
    public static String serviceChain(ServicePortName name) {
        return "KUBE-SVC-" + portProtoHash(name);
    }

    /** {@return {@code KUBE-SVL-<hash>}, the Local-policy endpoint chain} */
    public static String localChain(ServicePortName name) {
        return "KUBE-SVL-" + portProtoHash(name);
    }

    /** {@return {@code KUBE-EXT-<hash>}, the chain for external destinations} */
    public static String externalChain(ServicePortName name) {
        return "KUBE-EXT-" + portProtoHash(name);
    }

    /** {@return {@code KUBE-FW-<hash>}, the loadBalancerSourceRanges chain} */
    public static String firewallChain(ServicePortName name) {
        return "KUBE-FW-" + portProtoHash(name);
    }

    /** {@return {@code KUBE-SEP-<hash>}, one endpoint's chain} */
    public static String endpointChain(ServicePortName name, EndpointInfo endpoint) {
        return "KUBE-SEP-" + hash(name.toString() + name.protocol().lower() + endpoint);
    }

    /** {@return whether {@code chain} is a per-service chain kube-proxy owns and deletes when stale} */
    public static boolean isServiceChain(String chain) {
        return chain.startsWith("KUBE-SVC-") || chain.startsWith("KUBE-SVL-") || chain.startsWith("KUBE-EXT-")
                || chain.startsWith("KUBE-FW-") || chain.startsWith("KUBE-SEP-");
    }

    /** {@return the first 16 characters of base32(sha256(utf8(key)))} */
    static String hash(String key) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        // 16 base32 characters = 80 bits = the first 10 bytes; no padding involved.
        StringBuilder out = new StringBuilder(16);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < 10; i++) {
            buffer = (buffer << 8) | (digest[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }
}
