package dev.podwire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.datastore.Keys;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KindRegistryTest {
    private final KindRegistry kinds = KindRegistry.DEFAULT;

    @Test
    void everyKindsKeysLeadBackToIt() {
        for (ResourceType<?> kind : kinds.all()) {
            String key = kind.key(kind.namespaced() ? "kube-system" : "", "some-name");
            assertEquals(Optional.of(kind), kinds.ofKey(key), key);
            assertEquals(Optional.of(kind), kinds.ofKey(kind.prefix()), kind.prefix());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "/registry/pods/default/web-1,                     Pod",
        "/registry/services/specs/default/web,             Service",
        "/registry/services/endpoints/default/web,         Endpoints",
        "/registry/endpointslices/default/web-abcde,       EndpointSlice",
        "/registry/configmaps/kube-system/kube-proxy,      ConfigMap",
        "/registry/deployments/default/web,                Deployment",
        "/registry/replicasets/default/web-5d8f,           ReplicaSet",
        "/registry/namespaces/shop,                        Namespace",
        "/registry/minions/n1,                             Node",
        // Look-alikes and keys of no kind: other resources, flannel's leases, podwire's own keys.
        "/registry/podsecuritypolicies/x,                  ''",
        "/registry/pods,                                   ''",
        "/registry/services/x,                             ''",
        "/coreos.com/network/subnets/10.244.1.0-24,        ''",
        "/podwire/lab,                                     ''",
    })
    void aKeyMapsToTheKindStoredUnderIt(String key, String kind) {
        assertEquals(kind, kinds.ofKey(key).map(ResourceType::kind).orElse(""));
    }

    @ParameterizedTest
    @CsvSource({
        "po, Pod", "pods, Pod", "Pod, Pod", "deploy, Deployment", "deployment.apps, Deployment", "rs, ReplicaSet",
        "svc, Service", "ep, Endpoints", "endpoints, Endpoints", "endpointslice, EndpointSlice",
        "endpointslices.discovery.k8s.io, EndpointSlice", "cm, ConfigMap", "ns, Namespace", "no, Node",
        "NODES, Node", "hosts, ''", "leases, ''", "p, ''",
    })
    void cliResourceNamesNameTheirKind(String word, String kind) {
        assertEquals(kind, kinds.named(word).map(ResourceType::kind).orElse(""));
    }

    @Test
    void orderIsTheRegistrysNamespacesFirst() {
        assertEquals(List.of("namespaces", "pods", "services", "configmaps", "deployments", "replicasets",
                "endpointslices", "endpoints", "nodes"), kinds.plurals());
    }

    @Test
    void objectsFindTheirKindByClass() {
        assertEquals(ResourceType.POD, kinds.of(new Pod()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kinds.of(new GenericKubernetesResource()));
        assertEquals("kind: GenericKubernetesResource (expected: one of Namespace, Pod, Service, ConfigMap,"
                + " Deployment, ReplicaSet, EndpointSlice, Endpoints, Node)", e.getMessage());
    }

    @Test
    void twoKindsMayNotShareAClassAKeyPrefixOrAName() {
        assertEquals("type: io.fabric8.kubernetes.api.model.Pod (expected: unique among kinds; Pod has it too)",
                assertThrows(IllegalArgumentException.class, () -> kinds.with(ResourceType.POD)).getMessage());
        ResourceType<GenericKubernetesResource> sameNames = generic("widgets", ResourceType.Names.of("widget",
                "widgets", "po"));
        assertEquals("names: po (expected: unique among kinds; Pod has it too)",
                assertThrows(IllegalArgumentException.class, () -> kinds.with(sameNames)).getMessage());
        ResourceType<GenericKubernetesResource> samePrefix = generic("pods", ResourceType.Names.of("widget",
                "widgets"));
        assertEquals("resource: pods (expected: unique among kinds; Pod has it too)",
                assertThrows(IllegalArgumentException.class, () -> kinds.with(samePrefix)).getMessage());
    }

    @Test
    void theSegmentsSyncPartStillReadsAreTheKinds() {
        // datastore.Keys keeps copies for agent.SyncPart until it asks ofKey; they must not drift.
        assertEquals(ResourceType.POD.resource(), Keys.PODS);
        assertEquals(ResourceType.DEPLOYMENT.resource(), Keys.DEPLOYMENTS);
        assertEquals(ResourceType.REPLICA_SET.resource(), Keys.REPLICA_SETS);
        assertEquals(ResourceType.SERVICE.resource(), Keys.SERVICES);
        assertEquals(ResourceType.ENDPOINTS.resource(), Keys.ENDPOINTS);
        assertEquals(ResourceType.ENDPOINT_SLICE.resource(), Keys.ENDPOINT_SLICES);
        assertEquals(ResourceType.CONFIG_MAP.resource(), Keys.CONFIG_MAPS);
    }

    private static ResourceType<GenericKubernetesResource> generic(String resource, ResourceType.Names names) {
        return new ResourceType<>(GenericKubernetesResource.class, "example.podwire.dev/v1", "Widget", resource,
                true, names, Optional.empty(), new ResourceType.Printer<>(List.of("NAME"), List.of(),
                        (w, now, wide) -> List.of(w.getMetadata().getName())));
    }
}
