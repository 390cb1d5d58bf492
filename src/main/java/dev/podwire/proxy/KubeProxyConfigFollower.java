package dev.podwire.proxy;

import dev.podwire.labfile.KubeProxyConfigs;
import dev.podwire.labfile.KubeProxyOptions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Optional;

/**
 * Follows the {@code kube-system/kube-proxy} ConfigMap, as a restarted kube-proxy would read it. A ConfigMap that is
 * missing, cannot be read, or asks for a mode this build cannot run keeps the options in use (apply refuses such a
 * ConfigMap, but the store may hold one written otherwise); the reason is logged once per version of the ConfigMap,
 * not on every sync.
 */
final class KubeProxyConfigFollower {
    private static final System.Logger LOG = System.getLogger(ProxyLoop.class.getName());
    private final String node;
    private KubeProxyOptions current;
    /** The version of the ConfigMap last ignored (and logged), so that it is logged once. */
    private Optional<String> ignored = Optional.empty();

    KubeProxyConfigFollower(String node, KubeProxyOptions initial) {
        this.node = node;
        this.current = initial;
    }

    /** {@return the options in use} */
    KubeProxyOptions current() {
        return current;
    }

    /** {@return whether {@code cm} says something else than the options in use}, and switches to them */
    boolean reload(Optional<ConfigMap> cm) {
        Optional<String> text = cm.flatMap(c -> Optional.ofNullable(c.getData())).flatMap(d -> Optional.ofNullable(
                d.get(KubeProxyConfigs.KEY)));
        if (text.isEmpty()) {
            return false;
        }
        String version = cm.flatMap(c -> Optional.ofNullable(c.getMetadata().getResourceVersion()))
                .orElse("text-" + Integer.toHexString(text.get().hashCode()));
        KubeProxyOptions stored;
        try {
            stored = KubeProxyConfigs.parse(text.get());
        } catch (IllegalArgumentException e) {
            ignore(version, e.getMessage());
            return false;
        }
        if (stored.mode() != current.mode()) {
            ignore(version, "mode: " + stored.mode().unsupported().orElse(stored.mode().label()
                    + " (expected: " + current.mode().label() + ", the mode this node's proxy runs)"));
            return false;
        }
        if (stored.equals(current)) {
            return false;
        }
        current = stored;
        LOG.log(System.Logger.Level.INFO, "kube-proxy config changed node=" + node + " clusterCIDR="
                + current.clusterCidr().map(Object::toString).orElse("") + " masqueradeAll="
                + current.active().masqueradeAll() + " masqueradeBit=" + current.active().masqueradeBit()
                + "; full resync");
        return true;
    }

    private void ignore(String version, String reason) {
        if (!ignored.equals(Optional.of(version))) {
            ignored = Optional.of(version);
            LOG.log(System.Logger.Level.WARNING, "kube-proxy config ignored node=" + node + " resourceVersion="
                    + version + " reason=" + reason + "; keeping the options in use");
        }
    }
}
