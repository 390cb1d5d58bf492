package dev.podwire.daemon;

import dev.podwire.cluster.KindRegistry;
import dev.podwire.rpc.RequestException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code kind/name} argument, with kubectl's resource names folded to one spelling: the names of the kinds in
 * {@link KindRegistry#DEFAULT} ({@code po}, {@code deploy}, {@code svc}, {@code rs}, {@code no}, {@code ns}, ...)
 * and the lab's own {@code host}, {@code router} and {@code lease}.
 *
 * @param kind canonical kind: a registry kind's singular name (pod, node, deployment, replicaset, service,
 *             namespace, ...) or host, router, lease
 * @param name the object's name
 */
record Target(String kind, String name) {
    // What podwire shows besides Kubernetes objects: the lab's machines and flannel's leases.
    private static final Map<String, String> LAB_WORDS = Map.of("host", "host", "hosts", "host",
            "router", "router", "routers", "router", "lease", "lease", "leases", "lease");

    /** {@return the canonical kind for a resource word} @throws RequestException for an unknown one */
    static String kind(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return KindRegistry.DEFAULT.named(w).map(k -> k.names().singular())
                .or(() -> Optional.ofNullable(LAB_WORDS.get(w)))
                .orElseThrow(() -> new RequestException(2, "unknown resource type: " + word + " (expected: "
                        + String.join(", ", KindRegistry.DEFAULT.plurals()) + ", leases, hosts, routers)"));
    }

    /** {@return the target in {@code kind/name}} */
    static Target parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new RequestException(2, text + " (expected: KIND/NAME such as pod/nginx-abc or node/worker-1)");
        }
        return new Target(kind(text.substring(0, slash)), text.substring(slash + 1));
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
