package dev.podwire.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.cluster.Names;
import dev.podwire.cluster.ResourceType;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed 001: Deployment httpd (3 pods, run=httpd, containerPort 80) behind httpd-svc (8080 → 80). */
class EndpointSliceControllerTest {
    private final LabCluster lab = new LabCluster();

    static Deployment httpd(int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("httpd").endMetadata().withNewSpec()
                .withReplicas(replicas).withNewSelector().addToMatchLabels("run", "httpd").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("run", "httpd").endMetadata().withNewSpec()
                .addNewContainer().withName("httpd").withImage("httpd").addNewPort().withName("http")
                .withContainerPort(80).endPort().endContainer().endSpec().endTemplate().endSpec().build();
    }

    static Service httpdSvc(IntOrString target) {
        return new ServiceBuilder().withNewMetadata().withName("httpd-svc").endMetadata().withNewSpec()
                .addToSelector("run", "httpd").addNewPort().withProtocol("TCP").withPort(8080).withTargetPort(target)
                .endPort().endSpec().build();
    }

    private void converge() {
        for (int i = 0; i < 3; i++) {
            lab.controlPlane.syncOnce();
            lab.runAgents();
        }
        lab.controlPlane.syncOnce();
    }

    private EndpointSlice onlySlice() {
        List<EndpointSlice> slices = lab.store.list(ResourceType.ENDPOINT_SLICE);
        assertEquals(1, slices.size(), slices.toString());
        return slices.getFirst();
    }

    private Endpoints legacy() {
        return lab.store.get(ResourceType.ENDPOINTS, "default", "httpd-svc").orElseThrow();
    }

    @Test
    void sliceListsTheThreeHttpdPodsOnTargetPort80() {
        lab.store.create(httpd(3)).orThrow();
        assertInstanceOf(Admission.Admitted.class, lab.controlPlane.admission().apply(httpdSvc(new IntOrString(80))));
        converge();
        EndpointSlice slice = onlySlice();
        assertTrue(slice.getMetadata().getName().matches("httpd-svc-[" + Names.ALPHABET + "]{5}"));
        assertEquals(Map.of("kubernetes.io/service-name", "httpd-svc",
                "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"),
                slice.getMetadata().getLabels());
        assertEquals("Service", slice.getMetadata().getOwnerReferences().getFirst().getKind());
        assertEquals("IPv4", slice.getAddressType());
        assertEquals(1, slice.getPorts().size());
        assertEquals(80, slice.getPorts().getFirst().getPort());
        assertEquals("", slice.getPorts().getFirst().getName());
        assertEquals("TCP", slice.getPorts().getFirst().getProtocol());
        assertEquals(List.of("10.244.0.2", "10.244.0.4", "10.244.1.3"), addresses(slice));
        for (Endpoint e : slice.getEndpoints()) {
            assertEquals(List.of(true, true, false), List.of(e.getConditions().getReady(),
                    e.getConditions().getServing(), e.getConditions().getTerminating()));
            assertEquals("Pod", e.getTargetRef().getKind());
            assertTrue(e.getTargetRef().getName().startsWith("httpd-"));
        }
        assertEquals("hostgw-node", slice.getEndpoints().get(2).getNodeName());
        Endpoints ep = legacy();
        assertEquals(1, ep.getSubsets().size());
        assertEquals(List.of("10.244.0.2", "10.244.0.4", "10.244.1.3"),
                ep.getSubsets().getFirst().getAddresses().stream().map(EndpointAddress::getIp).toList());
        assertEquals(80, ep.getSubsets().getFirst().getPorts().getFirst().getPort());
        assertEquals(1, lab.controlPlane.syncOnce(), "converged: a pass writes nothing");
    }

    @Test
    void namedTargetPortResolvesToTheContainerPortOfThatName() {
        lab.store.create(httpd(2)).orThrow();
        lab.controlPlane.admission().apply(httpdSvc(new IntOrString("http")));
        converge();
        assertEquals(80, onlySlice().getPorts().getFirst().getPort());
        assertEquals(2, onlySlice().getEndpoints().size());
    }

    @Test
    void podsWithoutTheNamedPortGetASliceWithoutThatPort() {
        lab.store.create(httpd(1)).orThrow();
        lab.controlPlane.admission().apply(httpdSvc(new IntOrString("web")));
        converge();
        EndpointSlice slice = onlySlice();
        assertTrue(slice.getPorts() == null || slice.getPorts().isEmpty());
        assertEquals(1, slice.getEndpoints().size());
        assertTrue(legacy().getSubsets() == null || legacy().getSubsets().isEmpty());
    }

    @Test
    void serviceWithoutPodsKeepsAnEmptyPlaceholderSlice() {
        lab.controlPlane.admission().apply(httpdSvc(new IntOrString(80)));
        lab.controlPlane.syncOnce();
        EndpointSlice slice = onlySlice();
        assertTrue(slice.getEndpoints().isEmpty());
        assertTrue(slice.getPorts() == null || slice.getPorts().isEmpty());
    }

    @Test
    void unreadyPodIsNotReadyInTheSliceAndMovesToNotReadyAddresses() {
        lab.store.create(httpd(3)).orThrow();
        lab.controlPlane.admission().apply(httpdSvc(new IntOrString(80)));
        converge();
        String sliceName = onlySlice().getMetadata().getName();
        Pod pod = lab.activePods().getFirst();
        lab.store.modify(ResourceType.POD, "default", pod.getMetadata().getName(), p -> {
            p.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                    .forEach(c -> c.setStatus("False"));
            return p;
        }).orThrow();
        lab.controlPlane.syncOnce();
        EndpointSlice slice = onlySlice();
        assertEquals(sliceName, slice.getMetadata().getName(), "updated in place");
        Endpoint e = slice.getEndpoints().stream().filter(x -> x.getTargetRef().getName()
                .equals(pod.getMetadata().getName())).findFirst().orElseThrow();
        assertEquals(List.of(false, false, false), List.of(e.getConditions().getReady(),
                e.getConditions().getServing(), e.getConditions().getTerminating()));
        var subset = legacy().getSubsets().getFirst();
        assertEquals(2, subset.getAddresses().size());
        assertEquals(List.of(pod.getStatus().getPodIP()),
                subset.getNotReadyAddresses().stream().map(EndpointAddress::getIp).toList());
    }

    @Test
    void terminatingPodIsServingButNotReadyAndLeavesTheLegacyEndpoints() {
        lab.store.create(httpd(3)).orThrow();
        lab.controlPlane.admission().apply(httpdSvc(new IntOrString(80)));
        converge();
        Pod pod = lab.activePods().getFirst();
        lab.store.requestPodDeletion("default", pod.getMetadata().getName());
        lab.controlPlane.syncOnce();
        Endpoint e = onlySlice().getEndpoints().stream().filter(x -> x.getTargetRef().getName()
                .equals(pod.getMetadata().getName())).findFirst().orElseThrow();
        assertEquals(List.of(false, true, true), List.of(e.getConditions().getReady(),
                e.getConditions().getServing(), e.getConditions().getTerminating()));
        assertTrue(legacy().getSubsets().getFirst().getAddresses().stream()
                .noneMatch(a -> a.getIp().equals(pod.getStatus().getPodIP())));
    }

    @Test
    void replacedPodsMoveTheEndpointsAndDeletingTheServiceRemovesThem() {
        lab.store.create(httpd(3)).orThrow();
        lab.controlPlane.admission().apply(httpdSvc(new IntOrString(80)));
        converge();
        String sliceName = onlySlice().getMetadata().getName();
        Pod gone = lab.activePods().getFirst();
        lab.store.requestPodDeletion("default", gone.getMetadata().getName());
        converge();
        converge();
        EndpointSlice slice = onlySlice();
        assertEquals(sliceName, slice.getMetadata().getName());
        assertEquals(3, slice.getEndpoints().size());
        assertTrue(addresses(slice).stream().noneMatch(ip -> ip.equals(gone.getStatus().getPodIP())));
        assertTrue(slice.getEndpoints().stream().allMatch(x -> x.getConditions().getReady()));

        lab.store.delete(ResourceType.SERVICE, "default", "httpd-svc");
        lab.controlPlane.syncOnce();
        assertTrue(lab.store.list(ResourceType.ENDPOINT_SLICE).isEmpty());
        assertTrue(lab.store.list(ResourceType.ENDPOINTS).isEmpty());
    }

    @Test
    void kubernetesServicePointsAtTheApiServerAndSurvivesControllers() {
        Service k = lab.controlPlane.ensureKubernetesService(Ipv4.parse("192.168.31.201"));
        assertEquals("10.96.0.1", k.getSpec().getClusterIP());
        assertEquals(6443, k.getSpec().getPorts().getFirst().getTargetPort().getIntVal());
        lab.controlPlane.syncOnce();
        lab.controlPlane.ensureKubernetesService(Ipv4.parse("192.168.31.201"));
        lab.controlPlane.syncOnce();
        EndpointSlice slice = onlySlice();
        assertEquals("kubernetes", slice.getMetadata().getName());
        assertEquals(List.of("192.168.31.201"), addresses(slice));
        assertEquals(6443, slice.getPorts().getFirst().getPort());
        Endpoints ep = lab.store.get(ResourceType.ENDPOINTS, "default", "kubernetes").orElseThrow();
        assertEquals("192.168.31.201", ep.getSubsets().getFirst().getAddresses().getFirst().getIp());
    }

    private static List<String> addresses(EndpointSlice slice) {
        return slice.getEndpoints().stream().map(e -> e.getAddresses().getFirst()).toList();
    }
}
