package dev.podwire.kinds.configmap;

import dev.podwire.kinds.ObjectChecks;
import dev.podwire.labfile.FieldError;
import dev.podwire.labfile.K8sNames;
import dev.podwire.labfile.KubeProxyConfigs;
import dev.podwire.labfile.KubeProxyOptions;
import dev.podwire.labfile.ManifestRules;
import io.fabric8.kubernetes.api.model.ConfigMap;

/** Kubernetes' ConfigMap validation, and kube-proxy's reading of its own ConfigMap. */
public final class ConfigMapChecks {
    private ConfigMapChecks() {}

    /**
     * Checks a ConfigMap read from a manifest: kube-proxy's ({@code kube-system/kube-proxy}) must hold a
     * configuration its proxies can run with; other ConfigMaps are data.
     *
     * @throws FieldError for the first problem
     */
    public static void check(ConfigMap cm, ManifestRules.Context context) {
        ObjectChecks.metadata(cm.getMetadata(), K8sNames.Rule.DNS1123_SUBDOMAIN, true);
        if (!KubeProxyConfigs.NAMESPACE.equals(cm.getMetadata().getNamespace())
                || !KubeProxyConfigs.NAME.equals(cm.getMetadata().getName())) {
            return;
        }
        String at = "data[\"" + KubeProxyConfigs.KEY + "\"]";
        String text = cm.getData() == null ? null : cm.getData().get(KubeProxyConfigs.KEY);
        if (text == null) {
            throw new FieldError("data", "no " + KubeProxyConfigs.KEY + " (expected: kube-proxy's"
                    + " KubeProxyConfiguration under data." + KubeProxyConfigs.KEY + ")",
                    "start from podwire get configmap kube-proxy -n kube-system -o yaml");
        }
        try {
            KubeProxyOptions options = KubeProxyConfigs.read(text);
            if (options.mode().unsupported().isPresent()) {
                throw new FieldError("mode", options.mode().unsupported().get(),
                        "podwire implements kube-proxy's iptables mode");
            }
        } catch (FieldError e) {
            throw new FieldError(at, (e.path().isEmpty() ? "" : e.path() + ": ") + e.problem(), e.hint());
        }
    }
}
