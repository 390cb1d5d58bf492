package dev.podwire.cluster;

import static java.util.Objects.requireNonNull;

import java.util.random.RandomGenerator;

/**
 * Kubernetes' generated-name alphabet ({@code k8s.io/apimachinery/pkg/util/rand}): consonants and digits without
 * vowels or look-alikes, so generated names never spell words. Used for pod suffixes and pod-template hashes.
 */
public final class Names {
    /** The alphabet of generated names: {@code bcdfghjklmnpqrstvwxz2456789}. */
    public static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private Names() {}

    /** {@return {@code length} random characters of {@link #ALPHABET}, like {@code rand.String(n)}} */
    public static String random(RandomGenerator random, int length) {
        requireNonNull(random, "random");
        if (length < 1) {
            throw new IllegalArgumentException("length: " + length + " (expected: >= 1)");
        }
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /**
     * {@return {@code text} with every character mapped into {@link #ALPHABET} by its code modulo 27, like
     * {@code rand.SafeEncodeString}}; the pod-template hash is this applied to the decimal FNV-32a value
     */
    public static String safeEncode(String text) {
        requireNonNull(text, "text");
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(ALPHABET.charAt(c % ALPHABET.length())));
        return out.toString();
    }
}
