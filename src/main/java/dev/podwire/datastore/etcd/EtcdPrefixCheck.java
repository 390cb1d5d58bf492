package dev.podwire.datastore.etcd;

import static java.util.Objects.requireNonNull;

import dev.podwire.datastore.KeyValue;
import java.util.List;
import java.util.TreeSet;

/**
 * The check flanneld makes at start-up: its network config must exist under {@code --etcd-prefix}. A wrong prefix is
 * the usual cause of "no config", so the error lists the prefixes that do hold a flannel config.
 */
public final class EtcdPrefixCheck {
    private static final int SAMPLE = 10_000;

    private EtcdPrefixCheck() {}

    /**
     * {@return the network config key's value under {@code etcdPrefix}} (e.g. {@code /coreos.com/network} →
     * {@code /coreos.com/network/config})
     *
     * @throws IllegalArgumentException when the prefix is malformed or holds no config; the message names the prefix,
     *     the endpoints, the prefixes that do hold a config, and how to fix it
     */
    public static KeyValue requireNetworkConfig(EtcdDatastore store, String etcdPrefix) {
        requireNonNull(store, "store");
        String prefix = canonical(etcdPrefix);
        String configKey = prefix + "/config";
        var config = store.get(configKey);
        if (config.isPresent()) {
            return config.get();
        }
        TreeSet<String> candidates = new TreeSet<>();
        for (String key : store.sampleKeys("/", SAMPLE)) {
            // A ConfigMap named "config" ends the same way: only a value with flannel's "Network" counts.
            if (key.endsWith("/config") && key.length() > "/config".length() && !key.startsWith("/registry/")
                    && store.get(key).filter(kv -> kv.value().contains("\"Network\"")).isPresent()) {
                candidates.add(key.substring(0, key.length() - "/config".length()));
            }
        }
        String found = candidates.isEmpty()
                ? "no flannel config exists anywhere in this etcd; write one first (podwire up --datastore etcd does, or "
                        + "etcdctl put " + configKey + " '{\"Network\":\"10.244.0.0/16\",\"Backend\":{\"Type\":\"vxlan\"}}')"
                : "configs exist under " + String.join(", ", List.copyOf(candidates)) + "; pass --etcd-prefix "
                        + candidates.first();
        throw new IllegalArgumentException("etcd prefix: " + prefix + " has no network config (no key " + configKey
                + " in etcd at " + store.endpoints() + "); " + found);
    }

    /** {@return {@code prefix} without a trailing slash} @throws IllegalArgumentException unless it is a path */
    public static String canonical(String prefix) {
        requireNonNull(prefix, "etcdPrefix");
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (!p.startsWith("/") || p.length() < 2 || p.contains("//")) {
            throw new IllegalArgumentException("etcd prefix: " + prefix
                    + " (expected: an absolute key path such as /coreos.com/network)");
        }
        return p;
    }
}
