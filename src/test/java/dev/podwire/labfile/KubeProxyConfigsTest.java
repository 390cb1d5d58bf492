package dev.podwire.labfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.cluster.KindRegistry;
import dev.podwire.net.Cidr;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeProxyConfigsTest {

    @Test
    void rendersTheLabsOptionsAsKubeadmsConfigMapAndReadsThemBack() {
        LabSpec lab = LabFiles.load(List.of(Path.of("examples/seed-002-vpn.yaml")), KindRegistry.DEFAULT.all()).lab();
        ConfigMap cm = KubeProxyConfigs.configMap(lab.kubeProxy());
        assertEquals("kube-system", cm.getMetadata().getNamespace());
        assertEquals("kube-proxy", cm.getMetadata().getName());
        String text = cm.getData().get("config.conf");
        assertEquals("""
                apiVersion: kubeproxy.config.k8s.io/v1alpha1
                kind: KubeProxyConfiguration
                clusterCIDR: ""
                iptables:
                  masqueradeAll: false
                  masqueradeBit: 14
                  minSyncPeriod: 1s
                  syncPeriod: 30s
                mode: iptables
                nftables:
                  masqueradeAll: false
                  masqueradeBit: 14
                  minSyncPeriod: 1s
                  syncPeriod: 30s
                """, text);
        assertEquals(lab.kubeProxy(), KubeProxyConfigs.parse(text));
    }

    @Test
    void readsKubeadmsFieldsItDoesNotModelAndGoDurations() {
        KubeProxyOptions o = KubeProxyConfigs.parse("""
                apiVersion: kubeproxy.config.k8s.io/v1alpha1
                kind: KubeProxyConfiguration
                bindAddress: 0.0.0.0
                clientConnection: {kubeconfig: /var/lib/kube-proxy/kubeconfig.conf}
                clusterCIDR: 10.244.0.0/16
                conntrack: {maxPerCore: null}
                iptables: {masqueradeAll: true, minSyncPeriod: 500ms, syncPeriod: 1m30s}
                mode: ""
                """);
        assertEquals(Optional.of(Cidr.parse("10.244.0.0/16")), o.clusterCidr());
        assertTrue(o.active().masqueradeAll());
        assertEquals(Duration.ofMillis(500), o.active().minSyncPeriod());
        assertEquals(Duration.ofSeconds(90), o.active().syncPeriod());
        assertTrue(KubeProxyConfigs.render(o).contains("  syncPeriod: 1m30s\n"), KubeProxyConfigs.render(o));
    }

    @Test
    void namesTheBadFieldOfAConfiguration() {
        String head = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n";
        assertEquals("iptables.masqueradeAll: yes (expected: true or false); hint: SNAT all service traffic",
                assertThrows(IllegalArgumentException.class, () -> KubeProxyConfigs.parse(head
                        + "iptables: {masqueradeAll: \"yes\"}\n")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KubeProxyConfigs.parse(head
                + "mode: ipvs\n")).getMessage().startsWith("mode: ipvs (expected: iptables or nftables)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KubeProxyConfigs.parse(
                "kind: KubeProxyConfiguration\n")).getMessage().startsWith("apiVersion: missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KubeProxyConfigs.parse(head
                + "masqueradeAll: true\n")).getMessage().startsWith("masqueradeAll: unknown field"));
    }
}
