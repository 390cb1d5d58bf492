package dev.podwire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.datastore.FakeClock;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClusterStoreTest {
    private final FakeClock clock = FakeClock.standard();
    private final InMemoryDatastore datastore = new InMemoryDatastore(clock);
    private final ClusterStore store = new ClusterStore(datastore, clock, new SplittableRandom(42));

    static Deployment nginx(int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("nginx-deployment").addToLabels("app", "nginx")
                .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "nginx")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "nginx").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.14.2").addNewPort()
                .withContainerPort(80).endPort().endContainer().endSpec().endTemplate().endSpec().build();
    }

    @Test
    void createFillsApiserverFieldsAndStoresUnderTheRegistryKey() {
        Deployment input = nginx(3);
        Deployment created = store.create(input).orThrow();
        assertNull(input.getMetadata().getUid(), "caller's object untouched");
        assertEquals("default", created.getMetadata().getNamespace());
        assertEquals("2024-05-01T10:00:00Z", created.getMetadata().getCreationTimestamp());
        assertEquals(1L, created.getMetadata().getGeneration());
        assertEquals("1", created.getMetadata().getResourceVersion());
        assertEquals(36, created.getMetadata().getUid().length());
        assertEquals('4', created.getMetadata().getUid().charAt(14));
        String json = datastore.get("/registry/deployments/default/nginx-deployment").orElseThrow().value();
        assertTrue(json.contains("\"kind\":\"Deployment\"") && json.contains("\"apiVersion\":\"apps/v1\""), json);
        assertFalse(json.contains("resourceVersion"), json);
        assertEquals(created, store.get(ResourceType.DEPLOYMENT, "default", "nginx-deployment").orElseThrow());
        assertInstanceOf(WriteResult.AlreadyExists.class, store.create(input));
    }

    @Test
    void findLooksAnObjectUpByItsKindIgnoringTheNamespaceOfClusterScopedOnes() {
        var shop = new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build();
        assertTrue(store.find(shop).isEmpty());
        store.create(shop).orThrow();
        assertEquals("Active", store.find(shop).orElseThrow().getStatus().getPhase());
        // A namespace on a cluster-scoped object is dropped on write, and ignored on lookup.
        shop.getMetadata().setNamespace("default");
        assertTrue(store.find(shop).isPresent());
        // A namespaced object without one is in default, as on a write.
        store.create(nginx(1)).orThrow();
        assertTrue(store.find(nginx(1)).isPresent());
        Deployment elsewhere = nginx(1);
        elsewhere.getMetadata().setNamespace("shop");
        assertTrue(store.find(elsewhere).isEmpty());
    }

    @Test
    void updateBumpsGenerationOnlyForSpecChangesAndRefusesStaleVersions() {
        Deployment created = store.create(nginx(3)).orThrow();
        created.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(3).build());
        Deployment statusOnly = store.update(created).orThrow();
        assertEquals(1L, statusOnly.getMetadata().getGeneration());
        assertInstanceOf(WriteResult.Conflict.class, store.update(created), "created carries the old version");
        Deployment scaled = store.scale("default", "nginx-deployment", 5).orThrow();
        assertEquals(2L, scaled.getMetadata().getGeneration());
        assertEquals(created.getMetadata().getUid(), scaled.getMetadata().getUid());
        assertEquals(3, scaled.getStatus().getReplicas());
        Deployment missing = nginx(1);
        missing.getMetadata().setName("nope");
        assertInstanceOf(WriteResult.NotFound.class, store.update(missing));
    }

    @Test
    void modifyWritesNothingForANoOpChange() {
        store.create(nginx(3)).orThrow();
        long revision = datastore.revision();
        store.scale("default", "nginx-deployment", 3).orThrow();
        assertEquals(revision, datastore.revision());
    }

    @Test
    void applyCreatesThenReplacesSpecKeepingStatusAndClusterIp() {
        var service = new ServiceBuilder().withNewMetadata().withName("my-service").endMetadata().withNewSpec()
                .addToSelector("app", "nginx").addNewPort().withProtocol("TCP").withPort(80).endPort().endSpec().build();
        var created = store.apply(service).orThrow();
        created.getSpec().setClusterIP("10.103.92.81");
        store.update(created).orThrow();
        service.getSpec().getPorts().getFirst().setPort(8080);
        var applied = store.apply(service).orThrow();
        assertEquals("10.103.92.81", applied.getSpec().getClusterIP());
        assertEquals(8080, applied.getSpec().getPorts().getFirst().getPort());
        assertEquals(3L, applied.getMetadata().getGeneration(), "clusterIP set, then port changed");
        assertTrue(datastore.get("/registry/services/specs/default/my-service").isPresent());
    }

    @Test
    void clusterScopedObjectsHaveNoNamespaceSegment() {
        store.create(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build()).orThrow();
        var ns = store.get(ResourceType.NAMESPACE, "", "kube-system").orElseThrow();
        assertEquals("Active", ns.getStatus().getPhase());
        assertTrue(datastore.get("/registry/namespaces/kube-system").isPresent());
        assertThrows(IllegalArgumentException.class, () -> store.get(ResourceType.NAMESPACE, "default", "x"));
        assertThrows(IllegalArgumentException.class, () -> store.get(ResourceType.POD, "", "x"));
    }

    @Test
    void podLifecycleHelpersWriteWhatKubeletAndApiserverWould() {
        Pod pod = new PodBuilder().withNewMetadata().withGenerateName("client-").withNamespace("default")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec().build();
        Pod created = store.create(pod).orThrow();
        assertTrue(created.getMetadata().getName().matches("client-[" + Names.ALPHABET + "]{5}"));
        assertEquals("Pending", created.getStatus().getPhase());
        String name = created.getMetadata().getName();
        store.modify(ResourceType.POD, "default", name, p -> {
            p.getSpec().setNodeName("node-1");
            return p;
        }).orThrow();
        Pod creating = store.markPodCreating("default", name, Ipv4.parse("192.168.31.202")).orThrow();
        assertEquals("ContainerCreating",
                creating.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getReason());
        clock.advance(Duration.ofSeconds(3));
        Pod running = store.markPodRunning("default", name, Ipv4.parse("10.244.1.2"), Ipv4.parse("192.168.31.202"),
                clock.instant()).orThrow();
        assertEquals("Running", running.getStatus().getPhase());
        assertEquals("10.244.1.2", running.getStatus().getPodIPs().getFirst().getIp());
        assertEquals(List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"),
                running.getStatus().getConditions().stream().map(c -> c.getType()).toList());

        assertTrue(store.requestPodDeletion("default", name));
        Pod terminating = store.get(ResourceType.POD, "default", name).orElseThrow();
        assertEquals("2024-05-01T10:00:03Z", terminating.getMetadata().getDeletionTimestamp());
        assertEquals(30L, terminating.getMetadata().getDeletionGracePeriodSeconds());
        assertTrue(store.finalizePodDeletion("default", name));
        assertFalse(store.requestPodDeletion("default", name));
    }

    static Pod web(String node, String image, int port) {
        var spec = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage(image).addNewPort().withContainerPort(port)
                .endPort().endContainer();
        return (node.isEmpty() ? spec : spec.withNodeName(node)).endSpec().build();
    }

    @Test
    void reapplyingAPodKeepsTheBoundNodeUpdatesImagesAndRefusesOtherChangesAsTheApiServerDoes() {
        store.apply(web("", "agnhost:2.47", 8080)).orThrow();
        store.modify(ResourceType.POD, "default", "web", p -> {
            p.getSpec().setNodeName("n3");
            return p;
        }).orThrow();
        // The manifest, applied again without the node the scheduler chose: nothing moves.
        store.apply(web("", "agnhost:2.47", 8080)).orThrow();
        assertEquals("n3", store.get(ResourceType.POD, "default", "web").orElseThrow().getSpec().getNodeName());
        store.apply(web("n3", "agnhost:2.48", 8080)).orThrow();
        Pod updated = store.get(ResourceType.POD, "default", "web").orElseThrow();
        assertEquals("agnhost:2.48", updated.getSpec().getContainers().getFirst().getImage());
        Pod grace = web("n3", "agnhost:2.48", 8080);
        grace.getSpec().setTerminationGracePeriodSeconds(5L);
        store.apply(grace).orThrow();
        assertEquals(5L, store.get(ResourceType.POD, "default", "web").orElseThrow().getSpec()
                .getTerminationGracePeriodSeconds(), "an allowed change is stored, not dropped");
        var moved = assertThrows(IllegalArgumentException.class, () -> store.apply(web("n1", "agnhost:2.48", 8080)));
        assertEquals("The Pod \"web\" is invalid: " + PodUpdates.FORBIDDEN + " (changed: spec.nodeName; delete the pod"
                + " and create it again to change them)", moved.getMessage());
        var port = assertThrows(IllegalArgumentException.class, () -> store.apply(web("", "agnhost:2.48", 9090)));
        assertTrue(port.getMessage().contains("(changed: spec.containers[0].ports[0].containerPort;"),
                port.getMessage());
        assertEquals("n3", store.get(ResourceType.POD, "default", "web").orElseThrow().getSpec().getNodeName());
    }

    @Test
    void unboundPodIsRemovedAtOnceOnDeletion() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withLabels(Map.of("a", "b")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
        assertNotNull(store.create(pod).orThrow());
        assertTrue(store.requestPodDeletion("default", "p"));
        assertTrue(store.get(ResourceType.POD, "default", "p").isEmpty());
    }
}
