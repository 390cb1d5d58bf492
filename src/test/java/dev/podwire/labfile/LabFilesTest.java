package dev.podwire.labfile;

import static dev.podwire.labfile.LabFilesErrorTest.DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.cluster.KindRegistry;
import dev.podwire.cluster.ResourceType;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.subnet.BackendConfig;
import dev.podwire.subnet.SubnetManager;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabFilesTest {
    private static final List<ResourceType<?>> KINDS = KindRegistry.DEFAULT.all();

    @TempDir
    Path tmp;

    @Test
    void fullLabReadsEveryFieldWithSortedMaps() {
        LabSpec lab = LabFiles.load(List.of(DIR.resolve("lab-full.yaml")), KINDS).lab();
        assertEquals("routed", lab.name());
        assertEquals(9000, lab.underlay().mtu());
        RouterSpec r1 = lab.underlay().routers().getFirst();
        assertEquals(List.of(new RouterInterface("a", Ipv4.parse("10.100.0.1"), IfName.of("eth0")),
                new RouterInterface("b", Ipv4.parse("10.100.1.1"), IfName.of("eth1"))), r1.interfaces());
        HostSpec office = lab.underlay().hosts().getFirst();
        assertEquals(IfName.of("eth0"), office.iface());
        assertEquals(List.of(new StaticRoute(Cidr.parse("10.96.0.0/12"), Ipv4.parse("10.100.0.10"))),
                office.routes());
        assertEquals(Map.of("net.ipv4.ip_forward", "1"), office.sysctls());
        NodeSpec worker = lab.nodes().get(1);
        assertEquals(Optional.of(Cidr.parse("10.244.7.0/24")), worker.podCidr());
        assertEquals(List.of("net.core.somaxconn", "net.ipv4.conf.all.rp_filter"),
                List.copyOf(worker.sysctls().keySet()));
        assertTrue(lab.podNetwork().backend() instanceof BackendConfig.Vxlan);
        assertEquals(new FlannelOptions(SubnetManager.ETCD, false), lab.flannel());
        assertEquals(ProxyMode.NFTABLES, lab.kubeProxy().mode());
        assertEquals(new ProxySyncOptions(true, 15, Duration.ofMillis(500), Duration.ofMinutes(1)),
                lab.kubeProxy().active());
        assertEquals(ProxySyncOptions.defaults(), lab.kubeProxy().iptables());
        assertEquals(new DnsOptions("example.internal", Ipv4.parse("10.96.0.10"),
                List.of(Ipv4.parse("8.8.8.8"), Ipv4.parse("1.1.1.1")), 30), lab.dns());
    }

    @Test
    void emptyClusterCidrMeansNoneAsInKubeProxyItself() {
        LabSpec lab = LabFiles.load(List.of(Path.of("examples/seed-002-vpn.yaml")), KINDS).lab();
        assertEquals(Optional.empty(), lab.kubeProxy().clusterCidr());
        assertEquals(3, lab.underlay().routers().getFirst().routes().size() - 1);
        assertEquals(Cidr.parse("172.16.0.0/24"), lab.nodes().get(1).routes().getFirst().to());
    }

    @Test
    void omittedSectionsTakeUpstreamDefaults() {
        LabSpec lab = LabFilesErrorTest.baseLab();
        assertEquals(new Underlay(1500, lab.underlay().segments(), List.of(), List.of()), lab.underlay());
        assertEquals(IfName.of("eth0"), lab.nodes().getFirst().iface());
        assertEquals(FlannelOptions.defaults(), lab.flannel());
        assertEquals(Cidr.parse("10.96.0.0/12"), lab.serviceCidr());
        // kubeadm fills kube-proxy's clusterCIDR from the pod subnet.
        assertEquals(new KubeProxyOptions(ProxyMode.IPTABLES, Optional.of(Cidr.parse("10.244.0.0/16")),
                ProxySyncOptions.defaults(), ProxySyncOptions.defaults()), lab.kubeProxy());
        assertEquals(new DnsOptions("cluster.local", Ipv4.parse("10.96.0.10"), List.of(), 5), lab.dns());
    }

    @Test
    void deprecatedApiVersionsAreReadAsAppsV1WithAWarning() {
        Path file = DIR.resolve("m-deprecated.yaml");
        ManifestSet set = LabFiles.loadManifests(List.of(file), LabFilesErrorTest.baseLab(), KINDS);
        assertEquals(List.of(
                file + ":1: extensions/v1beta1 Deployment is deprecated (removed in Kubernetes 1.16); read as apps/v1",
                file + ":17: apps/v1beta2 ReplicaSet is deprecated (removed in Kubernetes 1.16); read as apps/v1"),
                set.warnings());
        Deployment d = (Deployment) set.objects().get(0);
        assertEquals("apps/v1", d.getApiVersion());
        assertEquals(Map.of("app", "nginx"), d.getSpec().getSelector().getMatchLabels());
        ReplicaSet rs = (ReplicaSet) set.objects().get(1);
        assertEquals("apps/v1", rs.getApiVersion());
    }

    @Test
    void v1beta1DeploymentDefaultsSelectorAndDropsRollbackTo() {
        Path file = DIR.resolve("m-legacy-v1beta1.yaml");
        ManifestSet set = LabFiles.loadManifests(List.of(file), LabFilesErrorTest.baseLab(), KINDS);
        Deployment d = (Deployment) set.objects().getFirst();
        assertEquals(Map.of("app", "legacy", "tier", "web"), d.getSpec().getSelector().getMatchLabels());
        assertEquals(List.of(file + ":2: apps/v1beta1 Deployment is deprecated (removed in Kubernetes 1.16); read as"
                + " apps/v1", file + ":7: spec.rollbackTo is ignored (apps/v1 has no rollback field)"), set.warnings());
    }

    @Test
    void multipleFilesKeepFileOrderAndBlameTheRightFile() {
        Path lab = DIR.resolve("lab-base.yaml");
        LabDocuments docs = LabFiles.load(List.of(DIR.resolve("m-apps.yaml"), lab), KINDS);
        assertEquals(List.of("Deployment/nginx", "Service/web"), names(docs.objects()));
        assertEquals("t", docs.lab().name());

        Path bad = DIR.resolve("m-port-range.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(lab, bad), KINDS));
        LabFilesErrorTest.assertLocated(e, bad, 17, "spec.template.spec.containers[0].ports[0].containerPort",
                "70000", "listens on");
        assertEquals(1, e.document());
        assertEquals(Optional.of("Deployment"), e.kind());
        assertEquals(Optional.of("nginx"), e.name());
    }

    @Test
    void exactlyOneLabAcrossFiles() {
        Path lab = DIR.resolve("lab-base.yaml");
        ConfigException two = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(lab, lab), KINDS));
        assertTrue(two.getMessage().contains("a second Lab document"), two.getMessage());
        Path none = DIR.resolve("lab-none.yaml");
        ConfigException zero = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(none), KINDS));
        assertEquals(none + ": no Lab document in [" + none + "] (expected: exactly one document with kind: Lab);"
                + " hint: start with apiVersion: podwire.dev/v1alpha1, kind: Lab, metadata: {name: mylab},"
                + " spec: {...}; see examples/seed-000-hostgw.yaml", zero.getMessage());
        assertEquals(0, zero.document());
        assertEquals(OptionalInt.empty(), zero.line());
    }

    @Test
    void emptyDeploymentMessageHasTheDocumentedShape() {
        Path file = DIR.resolve("containers-empty.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(file), KINDS));
        assertEquals(file + ":21: document 2 (Deployment nginx): spec.template.spec.containers: [] (expected: at"
                + " least one container); hint: add a container with an image and ports", e.getMessage());
    }

    @Test
    void applyRejectsLabDocumentsButNotUnknownNamespaces() throws IOException {
        Path lab = DIR.resolve("lab-base.yaml");
        ConfigException e = assertThrows(ConfigException.class,
                () -> LabFiles.loadManifests(List.of(lab), LabFilesErrorTest.baseLab(), KINDS));
        assertTrue(e.getMessage().startsWith(lab + ":2: document 1 (Lab t): kind: Lab (expected: only Kubernetes"
                + " manifests here)"), e.getMessage());
        Path svc = write("svc.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec: {ports: [{port: 80}]}
                """);
        assertEquals("shop", LabFiles.loadManifests(List.of(svc), LabFilesErrorTest.baseLab(), KINDS).objects()
                .getFirst().getMetadata().getNamespace());
    }

    @Test
    void namespacesDefinedInTheFilesMayBeUsedBeforeTheirDocument() {
        LabDocuments docs = LabFiles.load(List.of(DIR.resolve("m-namespace-defined.yaml")), KINDS);
        assertEquals(List.of("Service/web", "Namespace/shop"), names(docs.objects()));
    }

    @Test
    void clusterCidrOtherThanNetworkIsAWarning() {
        Path file = DIR.resolve("lab-clustercidr-differs.yaml");
        assertEquals(List.of(file + ":11: kubeProxy.clusterCIDR 10.0.0.0/16 differs from podNetwork.Network"
                + " 10.244.0.0/16; kube-proxy will masquerade service traffic from pods outside 10.0.0.0/16"),
                LabFiles.load(List.of(file), KINDS).warnings());
    }

    @Test
    void unreadableFileIsAConfigError() {
        Path missing = tmp.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(missing), KINDS));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read the file (NoSuchFileException"), e.getMessage());
    }

    @Test
    void emptyDocumentsAreSkippedButCounted() throws IOException {
        Path file = write("lab.yaml", "---\n# nothing here\n---\n" + Files.readString(DIR.resolve("lab-base.yaml"))
                + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(file), KINDS));
        assertTrue(e.getMessage().startsWith(file + ":18: document 3 (Pod p): spec.containers: []"), e.getMessage());
    }

    @Test
    void serviceClusterIpMayNotTakeTheKubeDnsAddress() throws IOException {
        Path svc = write("svc.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {clusterIP: 10.96.0.10, ports: [{port: 80}]}
                """);
        ConfigException e = assertThrows(ConfigException.class,
                () -> LabFiles.loadManifests(List.of(svc), LabFilesErrorTest.baseLab(), KINDS));
        LabFilesErrorTest.assertLocated(e, svc, 4, "spec.clusterIP", "is reserved", "leave clusterIP out");
    }

    @Test
    void headlessAndExternalNameServicesNeedNoPorts() throws IOException {
        Path svc = write("svc.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: db}
                spec: {clusterIP: None, selector: {app: db}}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: ext}
                spec: {type: ExternalName, externalName: example.com}
                """);
        assertEquals(2, LabFiles.loadManifests(List.of(svc), LabFilesErrorTest.baseLab(), KINDS).objects().size());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    private static List<String> names(List<HasMetadata> objects) {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
}
