package dev.podwire.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.host.Command;
import dev.podwire.host.FakeExecutor;
import dev.podwire.host.Kernel;
import dev.podwire.sync.Pass;
import dev.podwire.lab.LabNames;
import dev.podwire.labfile.KubeProxyConfigs;
import dev.podwire.labfile.KubeProxyOptions;
import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.LabSpec;
import dev.podwire.labfile.ProxyMode;
import dev.podwire.labfile.ProxySyncOptions;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProxyLoop over a FakeExecutor: the kube-proxy ConfigMap changing under a running proxy. */
class ProxyLoopTest {
    private static final String MASQ_OFF_CLUSTER = "! -s 10.244.0.0/16 -j KUBE-MARK-MASQ";
    private final InstantSource clock = InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z"));
    private final FakeExecutor exec = new FakeExecutor();
    private ClusterStore cluster;
    private LabSpec lab;
    private ProxyLoop proxy;

    @BeforeEach
    void setUp(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("lab.yaml"), """
                apiVersion: podwire.dev/v1alpha1
                kind: Lab
                metadata: {name: fxproxy}
                spec:
                  underlay:
                    segments: [{name: lan, subnet: 192.168.79.0/24}]
                  nodes: [{name: n1, segment: lan, address: 192.168.79.11, interface: eth0}]
                  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: host-gw}}
                  serviceCIDR: 10.96.0.0/12
                  kubeProxy: {mode: iptables, clusterCIDR: 10.244.0.0/16}
                  dns: {clusterDomain: cluster.local, clusterIP: 10.96.0.10}
                """);
        lab = LabFiles.load(List.of(tmp.resolve("lab.yaml"))).lab();
        cluster = new ClusterStore(new InMemoryDatastore(clock), clock, new SplittableRandom(1));
        cluster.apply(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.20").addNewPort().withName("http").withPort(80)
                .withProtocol("TCP").withNewTargetPort(8080).endPort().endSpec().build());
        cluster.apply(new EndpointSliceBuilder().withNewMetadata().withName("web-1").withNamespace("default")
                .withLabels(Map.of("kubernetes.io/service-name", "web")).endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.244.1.5").withNewConditions().withReady(true).endConditions()
                .endEndpoint().addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().build());
        proxy = new ProxyLoop(new Kernel(new LabNames("fxproxy").machine("n1"), exec), "n1",
                List.of(lab.nodes().getFirst().address()), cluster, lab.kubeProxy(), clock,
                dev.podwire.proxy.modes.Proxiers::create);
    }

    @Test
    void configMapTurningOnMasqueradeAllForcesAFullResyncWithTheMasqueradeRules() {
        proxy.sync(Pass.CHANGE);
        assertTrue(lastRestore().contains(MASQ_OFF_CLUSTER), lastRestore());
        int before = exec.commands().size();
        proxy.sync(Pass.CHANGE);
        assertEquals(before, exec.commands().size(), "nothing changed, nothing ran");

        cluster.apply(KubeProxyConfigs.configMap(options(ProxyMode.IPTABLES, true)));
        proxy.sync(Pass.CHANGE);
        List<Command> ran = exec.commands().subList(before, exec.commands().size());
        assertTrue(ran.stream().anyMatch(c -> c.argv().getFirst().equals("iptables-save")), "not a full sync: " + ran);
        String payload = lastRestore();
        assertFalse(payload.contains(MASQ_OFF_CLUSTER), payload);
        assertTrue(payload.contains("-d 10.96.0.20 --dport 80 -j KUBE-MARK-MASQ"), "every client masqueraded: "
                + payload);
    }

    @Test
    void configMapAskingForNftablesIsIgnoredAndTheIptablesOptionsStay() {
        proxy.sync(Pass.CHANGE);
        String first = lastRestore();
        int before = exec.commands().size();
        // The nftables section turns masqueradeAll on: taking it would write iptables rules with nftables' options.
        cluster.apply(KubeProxyConfigs.configMap(options(ProxyMode.NFTABLES, true)));
        proxy.sync(Pass.CHANGE);
        proxy.sync(Pass.CHANGE);
        assertEquals(before, exec.commands().size(), "resynced for a mode it does not run: "
                + exec.commands().subList(before, exec.commands().size()));
        assertTrue(first.contains(MASQ_OFF_CLUSTER));
    }

    private KubeProxyOptions options(ProxyMode mode, boolean masqueradeAll) {
        KubeProxyOptions now = lab.kubeProxy();
        ProxySyncOptions changed = new ProxySyncOptions(masqueradeAll, now.iptables().masqueradeBit(),
                now.iptables().minSyncPeriod(), now.iptables().syncPeriod());
        return mode == ProxyMode.IPTABLES ? new KubeProxyOptions(mode, now.clusterCidr(), changed, now.nftables())
                : new KubeProxyOptions(mode, now.clusterCidr(), now.iptables(), changed);
    }

    private String lastRestore() {
        return exec.commands().reversed().stream().filter(c -> c.argv().getFirst().equals("iptables-restore"))
                .findFirst().orElseThrow().stdin();
    }
}
