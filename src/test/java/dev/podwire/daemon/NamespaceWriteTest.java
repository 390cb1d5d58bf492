package dev.podwire.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.KindRegistry;
import dev.podwire.cluster.ResourceType;
import dev.podwire.control.ControlPlane;
import dev.podwire.control.ServiceOptions;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.Optional;
import dev.podwire.host.FakeExecutor;
import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.LabSpec;
import dev.podwire.rpc.Reply;
import dev.podwire.rpc.Request;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 2: a {@code kind: Namespace} document failed in {@code up} and {@code apply -f} with
 * {@code error: namespace}, because the write path looked the object up with its (absent) namespace.
 */
class NamespaceWriteTest {
    @TempDir
    Path tmp;

    private LabSpec lab() throws IOException {
        Path p = tmp.resolve("lab.yaml");
        Files.writeString(p, """
                apiVersion: podwire.dev/v1alpha1
                kind: Lab
                metadata: {name: nswrite}
                spec:
                  underlay:
                    segments: [{name: lan, subnet: 192.168.47.0/24}]
                  nodes: [{name: n1, segment: lan, address: 192.168.47.11}]
                  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: host-gw}}
                """);
        return LabFiles.load(List.of(p)).lab();
    }

    private final java.time.InstantSource clock = java.time.InstantSource.system();
    private final ClusterStore cluster = new ClusterStore(new InMemoryDatastore(clock), clock,
            new java.util.SplittableRandom(1));

    private ClusterWrites writes() {
        return new ClusterWrites(cluster, new ControlPlane(cluster, new java.util.SplittableRandom(2),
                new ServiceOptions(Cidr.parse("10.96.0.0/12"), Ipv4.parse("10.96.0.10"), Optional.empty()))
                .admission());
    }

    @Test
    void applyCreatesANamespaceThenConfiguresIt() throws IOException {
        Path manifest = tmp.resolve("ns.yaml");
        Files.writeString(manifest, "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: a}}\n");
        ClusterWrites writes = writes();
        Changes changes = new Changes(lab(), KindRegistry.DEFAULT, () -> writes);
        {
            Lines first = new Lines();
            changes.apply(Request.of("apply", manifest.toString()), first);
            assertEquals(List.of("namespace/shop created"), first.out);

            Files.writeString(manifest, "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: b}}\n");
            Lines second = new Lines();
            changes.apply(Request.of("apply", manifest.toString()), second);
            assertEquals(List.of("namespace/shop configured"), second.out);
            var stored = cluster.get(ResourceType.NAMESPACE, "", "shop").orElseThrow();
            assertEquals("b", stored.getMetadata().getLabels().get("team"));
            assertEquals("Active", stored.getStatus().getPhase());
        }
    }

    @Test
    void upWritesNamespaceDocumentsBeforeTheObjectsInThem() throws IOException {
        List<HasMetadata> objects = List.of(
                new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                        .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                        .build(),
                new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build());
        writes().apply(objects);
        assertEquals(List.of("shop"), cluster.list(ResourceType.NAMESPACE).stream()
                .map(n -> n.getMetadata().getName()).toList());
        assertEquals(List.of("web"), cluster.list(ResourceType.POD, "shop").stream()
                .map(p -> p.getMetadata().getName()).toList());
    }

    private static final class Lines implements Reply {
        final List<String> out = new ArrayList<>();
        final List<String> err = new ArrayList<>();

        @Override
        public void out(String line) {
            out.add(line);
        }

        @Override
        public void err(String line) {
            err.add(line);
        }
    }
}
