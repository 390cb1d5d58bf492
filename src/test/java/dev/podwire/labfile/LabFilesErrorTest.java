package dev.podwire.labfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.cluster.KindRegistry;
import dev.podwire.cluster.ResourceType;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rejected input names file, line, field path, the problem and a hint, on one line. */
class LabFilesErrorTest {
    private static final List<ResourceType<?>> KINDS = KindRegistry.DEFAULT.all();

    static final Path DIR = Path.of("src/test/resources/dev/podwire/labfile");

    static LabSpec baseLab() {
        return LabFiles.load(List.of(DIR.resolve("lab-base.yaml")), KINDS).lab();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # fixture                   | line | field path                                 | problem                                       | hint
        lab-name-too-long           | 3    | metadata.name                               | is 21 characters long                         | prefixes every namespace
        lab-two                     | 13   | kind                                        | a second Lab document                         | keep one Lab document
        lab-host-named-like-node    | 7    | spec.underlay.hosts[0].name                 | already the name of the node                  | namespace t-n1
        lab-node-name-too-long      | 9    | spec.nodes[1].name                          | is 44 characters long                         | namespaces <lab>-<name>
        lab-segment-duplicate       | 6    | spec.underlay.segments[1].name              | lan is defined twice                          | rename one of the segments
        lab-segment-overlap         | 8    | spec.underlay.segments[1].subnet            | 192.168.0.0/16 overlaps segment lan           | own subnet
        lab-unknown-segment         | 9    | spec.nodes[1].segment                       | dmz is not a segment (expected one of: lan)   | spec.underlay.segments
        lab-address-outside         | 9    | spec.nodes[1].address                       | outside segment lan (192.168.31.0/24)         | pick an address inside
        lab-address-broadcast       | 9    | spec.nodes[1].address                       | network or broadcast address                  | host address
        lab-address-duplicate       | 9    | spec.nodes[1].address                       | already the address of node n1                | another address
        lab-node-on-first-address   | 9    | spec.nodes[1].address                       | 192.168.31.1 is the first address of segment lan, its nodes' default gateway | kubeadm refuses a node without a default route
        lab-interface-too-long      | 9    | spec.nodes[1].interface                     | name too long for an interface (17 characters | 15 bytes
        lab-service-overlaps-pods   | 11   | spec.serviceCIDR                            | overlaps spec.podNetwork.Network 10.244.0.0/16 | 10.96.0.0/12 for services
        lab-segment-overlaps-pods   | 6    | spec.underlay.segments[0].subnet            | overlaps spec.podNetwork.Network              | must not mix
        lab-podcidr-outside         | 9    | spec.nodes[1].podCIDR                       | a /24 inside Network 10.244.0.0/16            | SubnetLen-sized
        lab-podcidr-prefix          | 9    | spec.nodes[1].podCIDR                       | 10.244.1.0/25 (expected: a /24                | SubnetLen-sized
        lab-podcidr-duplicate       | 9    | spec.nodes[1].podCIDR                       | already the podCIDR of node n1                | own block
        lab-exhausted-kube          | 7    | spec.nodes                                  | exhausted subnets: 5 nodes                    | widen podNetwork.Network or lower SubnetLen
        lab-exhausted-etcd          | 7    | spec.nodes                                  | 10.244.0.64..10.244.0.192 give only 3         | widen podNetwork.Network or lower SubnetLen
        lab-hostgw-two-segments     | 9    | spec.nodes[1].segment                       | node n2 is on segment lan2 but node n1 is on lan | Backend: {Type: vxlan}
        lab-vxlan-no-router         | 9    | spec.nodes[1].segment                       | no router joins segment lan2                  | add a router
        lab-dns-outside             | 12   | spec.dns.clusterIP                          | outside spec.serviceCIDR 10.96.0.0/16         | 10th address
        lab-podnetwork-no-network   | 10   | spec.podNetwork                             | please define a correct Network parameter     | net-conf.json keys
        lab-unknown-field           | 9    | spec.nodes[1].adress                        | unknown field (expected: address)             | did you mean address?
        lab-bad-duration            | 12   | spec.kubeProxy.iptables.minSyncPeriod       | 1 (expected: a duration with a unit)          | Go duration
        lab-host-bits               | 11   | spec.serviceCIDR                            | has host bits set (expected: 10.96.0.0/12)    | network address
        lab-sysctl-not-net          | 9    | spec.nodes[1].sysctls["kernel.pid_max"]     | not a per-namespace sysctl                    | net.*
        lab-route-via-outside       | 11   | spec.underlay.hosts[0].routes[0].via        | 10.0.0.1 is not a neighbour                   | directly reachable
        lab-router-route-via-outside | 10  | spec.underlay.routers[0].routes[0].via      | 192.168.31.1 is not a neighbour               | directly reachable
        lab-node-route-via-outside  | 9    | spec.nodes[1].routes[0].via                 | 172.16.0.1 is not a neighbour on 192.168.31.0/24 | directly reachable
        lab-iptables-no-commit      | 10   | spec.underlay.routers[0].iptables           | table filter is never closed (expected: COMMIT | iptables-save prints
        lab-iptables-undeclared-chain | 11 | spec.underlay.hosts[0].iptables             | line 2 of the rules: -A INPUT -j office-in (expected: target office-in | iptables-save prints
        yaml-malformed              | 9    | ''                                          | malformed YAML: while parsing a flow mapping  | around line 9
        yaml-duplicate-key          | 4    | kind                                        | duplicate key                                 | remove one of the two kind entries
        containers-empty            | 21   | spec.template.spec.containers               | [] (expected: at least one container)         | add a container with an image and ports
        m-namespace-missing         | 16   | metadata.namespace                          | shop does not exist                           | kind: Namespace
        """)
    void labFileErrorsNameFileLinePathAndHint(String fixture, int line, String path, String problem, String hint) {
        Path file = DIR.resolve(fixture + ".yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(file), KINDS));
        assertLocated(e, file, line, path, problem, hint);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # fixture                   | line | field path                                     | problem                                    | hint
        m-unknown-field             | 15   | spec.template.spec.containers[0].imagee         | unknown field                              | did you mean image?
        m-port-range                | 17   | spec.template.spec.containers[0].ports[0].containerPort | 70000 (expected: 1..65535)         | listens on
        m-protocol                  | 18   | spec.template.spec.containers[0].ports[0].protocol | HTTP (expected: TCP, UDP or SCTP)       | upper-case
        m-replicas-negative         | 6    | spec.replicas                                   | -1 (expected: must be greater than or equal to 0) | replicas counts pods
        m-replicas-string           | 6    | spec.replicas                                   | "3" (expected: an integer)                 | leave numbers unquoted
        m-selector-mismatch         | 11   | spec.template.metadata.labels                   | selector does not match template labels    | subset of spec.template.metadata.labels
        m-selector-missing          | 5    | spec.selector                                   | missing (expected: a label selector)       | apps/v1 requires spec.selector
        m-v1beta2-selector-missing  | 5    | spec.selector                                   | missing (expected: a label selector)       | apps/v1 requires spec.selector
        m-name-invalid              | 4    | metadata.name                                   | Nginx_Deploy (expected: a lowercase RFC 1123 subdomain | lower-case
        m-image-missing             | 14   | spec.template.spec.containers[0].image          | missing (expected: an image                | built-in workload
        m-kind-unsupported          | 2    | kind                                            | apps/v1 DaemonSet is not supported (expected one of: v1 Namespace, v1 Pod, v1 Service, v1 ConfigMap, apps/v1 Deployment, apps/v1 ReplicaSet) | not modelled
        m-v1beta1-replicaset        | 1    | apiVersion                                      | apps/v1beta1 ReplicaSet is not supported   | not modelled
        m-pod-no-containers         | 5    | spec.containers                                 | [] (expected: at least one container)      | add a container
        m-duplicate-object          | 13   | metadata.name                                   | Service default/web is already defined     | rename or remove
        s-nodeport-range            | 10   | spec.ports[0].nodePort                          | 8080 (expected: 30000..32767               | leave nodePort out
        s-nodeport-clusterip        | 9    | spec.ports[0].nodePort                          | no nodePort for type ClusterIP             | type: NodePort
        s-nodeport-duplicate        | 21   | spec.ports[0].nodePort                          | 30080 is already allocated to service default/web | leave nodePort out
        s-type                      | 6    | spec.type                                       | Headless (expected: ClusterIP, NodePort, LoadBalancer or ExternalName) | leave type out
        s-clusterip-outside         | 6    | spec.clusterIP                                  | 10.244.0.10 is not in the valid range 10.96.0.0/12 | pick an address in 10.96.0.0/12
        s-port-zero                 | 8    | spec.ports[0].port                              | 0 (expected: 1..65535)                     | port: 80
        m-kube-proxy-configmap      | 5    | data["config.conf"]                             | iptables.masqueradeAll: true (expected: true or false) | SNAT all service traffic
        """)
    void manifestErrorsNameFileLinePathAndHint(String fixture, int line, String path, String problem, String hint) {
        Path file = DIR.resolve(fixture + ".yaml");
        ConfigException e = assertThrows(ConfigException.class,
                () -> LabFiles.loadManifests(List.of(file), baseLab(), KINDS));
        assertLocated(e, file, line, path, problem, hint);
    }

    @org.junit.jupiter.api.Test
    void rulesTheKernelRefusesAreReportedAtTheirFieldBeforeAnythingIsBuilt() {
        Path file = Path.of("examples/seed-002-vpn.yaml");
        RulesCheck refuses = rules -> rules.text().contains("--syn")
                ? java.util.Optional.of("unknown option \"--syn\"; Error occurred at line: 5")
                : java.util.Optional.empty();
        ConfigException e = assertThrows(ConfigException.class, () -> LabFiles.load(List.of(file), refuses, KINDS));
        assertTrue(e.getMessage().contains("spec.underlay.routers[0].iptables: unknown option \"--syn\"; Error"
                + " occurred at line: 5 (expected: rules iptables-restore accepts)"), e.getMessage());
        List<String> lines = readLines(file);
        int line = 1 + java.util.stream.IntStream.range(0, lines.size())
                .filter(i -> lines.get(i).strip().equals("iptables: |")).findFirst().orElseThrow();
        assertEquals(OptionalInt.of(line), e.line());
    }

    private static List<String> readLines(Path file) {
        try {
            return java.nio.file.Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void assertLocated(ConfigException e, Path file, int line, String path, String problem, String hint) {
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ":" + line + ": document "), m);
        assertTrue(path.isEmpty() || m.contains(": " + path + ": "), m);
        assertTrue(m.contains(problem), m);
        assertTrue(m.contains("; hint: ") && m.contains(hint), m);
        assertEquals(1, m.lines().count(), m);
        assertEquals(file, e.file());
        assertEquals(OptionalInt.of(line), e.line());
        assertEquals(path, e.fieldPath());
        assertTrue(e.problem().contains(problem), e.problem());
        assertTrue(e.hint().contains(hint), e.hint());
    }
}
