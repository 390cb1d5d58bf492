package dev.podwire.control;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.List;
import java.util.Optional;

/** The apiserver's Service defaulting ({@code SetDefaults_Service} and the IP-family defaults), in place. */
final class ServiceDefaults {
    static final String CLUSTER_IP = "ClusterIP";
    static final String NODE_PORT = "NodePort";
    static final String LOAD_BALANCER = "LoadBalancer";
    static final String EXTERNAL_NAME = "ExternalName";
    static final String NONE = "None";

    private ServiceDefaults() {}

    static String type(ServiceSpec spec) {
        return Optional.ofNullable(spec.getType()).filter(t -> !t.isEmpty()).orElse(CLUSTER_IP);
    }

    static boolean headless(ServiceSpec spec) {
        return NONE.equals(spec.getClusterIP());
    }

    /** {@return whether the type exposes node ports: NodePort, and LoadBalancer unless it opted out} */
    static boolean needsNodePorts(ServiceSpec spec) {
        String type = type(spec);
        return type.equals(NODE_PORT)
                || type.equals(LOAD_BALANCER) && !Boolean.FALSE.equals(spec.getAllocateLoadBalancerNodePorts());
    }

    /** {@return whether kube-proxy serves a health check for it: a LoadBalancer with externalTrafficPolicy Local} */
    static boolean needsHealthCheck(ServiceSpec spec) {
        return type(spec).equals(LOAD_BALANCER) && "Local".equals(spec.getExternalTrafficPolicy());
    }

    static void apply(Service service) {
        if (service.getSpec() == null) {
            service.setSpec(new ServiceSpec());
        }
        ServiceSpec spec = service.getSpec();
        String type = type(spec);
        spec.setType(type);
        if (spec.getSessionAffinity() == null || spec.getSessionAffinity().isEmpty()) {
            spec.setSessionAffinity(NONE);
        }
        for (ServicePort port : Optional.ofNullable(spec.getPorts()).orElse(List.of())) {
            if (port.getProtocol() == null || port.getProtocol().isEmpty()) {
                port.setProtocol("TCP");
            }
            if (port.getTargetPort() == null && port.getPort() != null) {
                port.setTargetPort(new IntOrString(port.getPort()));
            }
        }
        if (type.equals(EXTERNAL_NAME)) {
            return;
        }
        if (spec.getInternalTrafficPolicy() == null) {
            spec.setInternalTrafficPolicy("Cluster");
        }
        if ((type.equals(NODE_PORT) || type.equals(LOAD_BALANCER)) && spec.getExternalTrafficPolicy() == null) {
            spec.setExternalTrafficPolicy("Cluster");
        }
        if (type.equals(LOAD_BALANCER) && spec.getAllocateLoadBalancerNodePorts() == null) {
            spec.setAllocateLoadBalancerNodePorts(true);
        }
        if (spec.getIpFamilies() == null || spec.getIpFamilies().isEmpty()) {
            spec.setIpFamilies(List.of("IPv4"));
        }
        if (spec.getIpFamilyPolicy() == null) {
            spec.setIpFamilyPolicy("SingleStack");
        }
    }
}
