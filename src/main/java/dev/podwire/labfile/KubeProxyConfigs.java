package dev.podwire.labfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * kube-proxy's configuration as kubeadm ships it: the {@code kube-system/kube-proxy} ConfigMap whose
 * {@code config.conf} is a {@code KubeProxyConfiguration} ({@code kubeproxy.config.k8s.io/v1alpha1}). The lab writes
 * it at {@code up} from {@code spec.kubeProxy}; editing and re-applying it is how seed 002 turned on
 * {@code masqueradeAll}, and every node's proxy then resyncs with the new options. Pure.
 */
public final class KubeProxyConfigs {
    /** The ConfigMap's namespace. */
    public static final String NAMESPACE = "kube-system";
    /** The ConfigMap's name. */
    public static final String NAME = "kube-proxy";
    /** The data key holding the KubeProxyConfiguration. */
    public static final String KEY = "config.conf";
    static final String API_VERSION = "kubeproxy.config.k8s.io/v1alpha1";
    private static final String HINT = "config.conf is a KubeProxyConfiguration: apiVersion: " + API_VERSION
            + ", kind: KubeProxyConfiguration, mode: iptables, clusterCIDR, iptables: {masqueradeAll: true, ...}";
    // Fields of KubeProxyConfiguration that podwire reads past: they exist in kubeadm's ConfigMap, and none changes
    // the rules podwire writes.
    private static final List<String> IGNORED = List.of("bindAddress", "bindAddressHardFail", "clientConnection",
            "configSyncPeriod", "conntrack", "detectLocal", "detectLocalMode", "enableProfiling", "featureGates",
            "healthzBindAddress", "hostnameOverride", "ipvs", "logging", "metricsBindAddress", "nodePortAddresses",
            "oomScoreAdj", "portRange", "showHiddenMetricsForAlphaFeatures", "udpIdleTimeout", "winkernel",
            "windowsRunAsService");
    private static final YAMLMapper YAML = new YAMLMapper();

    private KubeProxyConfigs() {}

    /** {@return the ConfigMap kubeadm would create for these options} */
    public static ConfigMap configMap(KubeProxyOptions options) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(NAME)
                .withLabels(Map.of("app", "kube-proxy")).endMetadata()
                .withData(Map.of(KEY, render(options))).build();
    }

    /** {@return {@code options} as the text of a KubeProxyConfiguration, fields in kubeadm's order} */
    public static String render(KubeProxyOptions options) {
        StringBuilder b = new StringBuilder();
        b.append("apiVersion: ").append(API_VERSION).append('\n');
        b.append("kind: KubeProxyConfiguration\n");
        b.append("clusterCIDR: \"").append(options.clusterCidr().map(Object::toString).orElse("")).append("\"\n");
        section(b, "iptables", options.iptables());
        b.append("mode: ").append(options.mode().label()).append('\n');
        section(b, "nftables", options.nftables());
        return b.toString();
    }

    private static void section(StringBuilder b, String name, ProxySyncOptions o) {
        b.append(name).append(":\n");
        b.append("  masqueradeAll: ").append(o.masqueradeAll()).append('\n');
        b.append("  masqueradeBit: ").append(o.masqueradeBit()).append('\n');
        b.append("  minSyncPeriod: ").append(GoDuration.format(o.minSyncPeriod())).append('\n');
        b.append("  syncPeriod: ").append(GoDuration.format(o.syncPeriod())).append('\n');
    }


    /**
     * {@return the options in a KubeProxyConfiguration's text} An absent or empty {@code clusterCIDR} is none, as
     * in kube-proxy itself.
     *
     * @throws IllegalArgumentException naming the field, e.g. {@code iptables.masqueradeAll: "yes" (expected: true
     *     or false)}
     */
    public static KubeProxyOptions parse(String text) {
        try {
            return read(text);
        } catch (FieldError e) {
            throw new IllegalArgumentException(e.path() + ": " + e.problem() + "; hint: " + e.hint());
        }
    }

    /**
     * As {@link #parse(String)}, with the error at a path inside the ConfigMap.
     *
     * @throws FieldError for the first problem, its path relative to the configuration
     */
    public static KubeProxyOptions read(String text) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FieldError("", "malformed YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""),
                    HINT);
        }
        ObjReader r = ObjReader.of(tree, "", HINT);
        String apiVersion = r.optString("apiVersion", HINT).orElse("");
        if (!apiVersion.equals(API_VERSION)) {
            throw new FieldError("apiVersion", (apiVersion.isEmpty() ? "missing" : apiVersion) + " (expected: "
                    + API_VERSION + ")", HINT);
        }
        String kind = r.optString("kind", HINT).orElse("");
        if (!kind.equals("KubeProxyConfiguration")) {
            throw new FieldError("kind", (kind.isEmpty() ? "missing" : kind) + " (expected: KubeProxyConfiguration)",
                    HINT);
        }
        IGNORED.forEach(r::opt);
        String mode = r.optString("mode", HINT).orElse("");
        ProxyMode proxyMode;
        try {
            proxyMode = ProxyMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new FieldError("mode", e.getMessage(), "podwire implements kube-proxy's iptables mode (ipvs is not"
                    + " modelled)");
        }
        Optional<String> cidr = r.optString("clusterCIDR", HINT).filter(s -> !s.isEmpty());
        Optional<dev.podwire.net.Cidr> clusterCidr = cidr.isEmpty() ? Optional.empty()
                : r.optCidr("clusterCIDR", "normally the pod network, e.g. 10.244.0.0/16; \"\" for none");
        ProxySyncOptions iptables = LabParser.sync(r.optObj("iptables", HINT));
        ProxySyncOptions nftables = LabParser.sync(r.optObj("nftables", HINT));
        r.finish();
        return new KubeProxyOptions(proxyMode, clusterCidr, iptables, nftables);
    }
}
