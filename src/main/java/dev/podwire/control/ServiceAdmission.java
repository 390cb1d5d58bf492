package dev.podwire.control;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The apiserver's Service admission: defaults, then ClusterIP, node-port and health-check node-port allocation,
 * refusing what {@code kubectl apply} would see refused (a taken or out-of-range ClusterIP or node port, a changed
 * ClusterIP, a full range). Call {@link #apply(Service)} instead of {@link ClusterStore#apply} for Services.
 *
 * <p>What is allocated is not kept anywhere but in the stored Services themselves: every admission recomputes the
 * taken addresses and ports from the store, so deleting a Service releases its allocations and a restart from a
 * snapshot loses nothing. Admissions are serialized by this object's lock; writes of Services that bypass it are
 * not checked.
 */
public final class ServiceAdmission {
    private static final int NODE_PORTS = ServiceOptions.NODE_PORT_MAX - ServiceOptions.NODE_PORT_MIN + 1;
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ClusterStore store;
    private final ServiceOptions options;
    private final RandomGenerator random;

    /** Admission over the Services in {@code store}; random allocations draw from {@code random}. */
    public ServiceAdmission(ClusterStore store, ServiceOptions options, RandomGenerator random) {
        this.store = requireNonNull(store, "store");
        this.options = requireNonNull(options, "options");
        this.random = requireNonNull(random, "random");
    }

    /** {@return the ranges this admission allocates from} */
    public ServiceOptions options() {
        return options;
    }

    /**
     * Admits {@code service} as a create ({@code existing} empty) or as an update of the stored {@code existing}
     * (whose ClusterIP and node ports it keeps when the new object leaves them out). Writes nothing.
     */
    public synchronized Admission admit(Service service, Optional<Service> existing) {
        requireNonNull(service, "service");
        requireNonNull(existing, "existing");
        Service svc = JSON.convertValue(service, Service.class);
        String name = requireNonNull(svc.getMetadata(), "metadata").getName();
        String namespace = Optional.ofNullable(svc.getMetadata().getNamespace()).orElse("default");
        svc.getMetadata().setNamespace(namespace);
        ServiceDefaults.apply(svc);
        Optional<ServiceSpec> old = existing.map(Service::getSpec);
        Taken taken = Taken.from(store.list(ResourceType.SERVICE), namespace, name);
        Optional<String> error = clusterIp(svc.getSpec(), old, taken)
                .or(() -> new NodePorts(svc.getSpec(), old, taken).assign());
        return error.<Admission>map(e -> new Admission.Rejected(e.startsWith("Internal error")
                        ? e : "The Service \"" + name + "\" is invalid: " + e))
                .orElseGet(() -> new Admission.Admitted(svc));
    }

    /**
     * Admits {@code service} against the stored one and, when admitted, creates or updates it like
     * {@code kubectl apply}; {@return the stored Service, or the rejection}
     */
    public synchronized Admission apply(Service service) {
        requireNonNull(service, "service");
        String namespace = Optional.ofNullable(service.getMetadata().getNamespace()).orElse("default");
        Optional<Service> existing = store.get(ResourceType.SERVICE, namespace, service.getMetadata().getName());
        return switch (admit(service, existing)) {
            case Admission.Rejected rejected -> rejected;
            case Admission.Admitted(var admitted) -> new Admission.Admitted(store.apply(admitted).orThrow());
        };
    }

    private Optional<String> clusterIp(ServiceSpec spec, Optional<ServiceSpec> old, Taken taken) {
        if (ServiceDefaults.type(spec).equals(ServiceDefaults.EXTERNAL_NAME)) {
            spec.setClusterIP(null);
            spec.setClusterIPs(null);
            return Optional.empty();
        }
        String requested = Optional.ofNullable(spec.getClusterIP()).orElse("");
        Optional<String> before = old.map(ServiceSpec::getClusterIP).filter(ip -> !ip.isEmpty());
        if (requested.isEmpty() && before.isPresent()) {
            requested = before.get();
        } else if (before.isPresent() && !requested.equals(before.get())) {
            return Optional.of("spec.clusterIP: Invalid value: \"" + requested + "\": field is immutable");
        }
        if (requested.equals(ServiceDefaults.NONE)) {
            spec.setClusterIPs(List.of(ServiceDefaults.NONE));
            return Optional.empty();
        }
        Cidr cidr = options.serviceCidr();
        Ipv4 ip;
        if (requested.isEmpty()) {
            int size = (int) cidr.size() - 2;
            // Slot i is host i + 1: the network and broadcast addresses are never handed out.
            OptionalInt slot = RandomScan.pick(size, RandomScan.offset(cidr.size(), 16, 16, 256), i -> {
                Ipv4 candidate = cidr.host(i + 1L);
                return !taken.ips.contains(candidate) && !candidate.equals(options.kubernetesClusterIp())
                        && !candidate.equals(options.dnsClusterIp());
            }, random);
            if (slot.isEmpty()) {
                return Optional.of("Internal error occurred: failed to allocate a serviceIP: range is full");
            }
            ip = cidr.host(slot.getAsInt() + 1L);
        } else {
            String text = requested;
            Optional<Ipv4> parsed = Ipv4.tryParse(text);
            if (parsed.isEmpty()) {
                return Optional.of("spec.clusterIP: Invalid value: \"" + text
                        + "\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
            }
            ip = parsed.get();
            if (!cidr.contains(ip) || ip.equals(cidr.address()) || ip.equals(cidr.last())) {
                return Optional.of("spec.clusterIP: Invalid value: \"" + ip + "\": provided IP is not in the valid"
                        + " range. The range of valid IPs is " + cidr);
            }
            if (taken.ips.contains(ip)) {
                return Optional.of("spec.clusterIP: Invalid value: \"" + ip + "\": provided IP is already allocated");
            }
        }
        spec.setClusterIP(ip.toString());
        spec.setClusterIPs(List.of(ip.toString()));
        return Optional.empty();
    }

    /** Node ports and the health-check node port of one Service being admitted. */
    private final class NodePorts {
        private final ServiceSpec spec;
        private final Optional<ServiceSpec> old;
        private final Taken taken;
        private final Set<String> mine = new HashSet<>();

        NodePorts(ServiceSpec spec, Optional<ServiceSpec> old, Taken taken) {
            this.spec = spec;
            this.old = old;
            this.taken = taken;
        }

        Optional<String> assign() {
            List<ServicePort> ports = Optional.ofNullable(spec.getPorts()).orElse(List.of());
            for (int i = 0; i < ports.size(); i++) {
                Optional<String> error = port(ports.get(i), "spec.ports[" + i + "].nodePort");
                if (error.isPresent()) {
                    return error;
                }
            }
            return healthCheck();
        }

        private Optional<String> port(ServicePort port, String field) {
            boolean requested = port.getNodePort() != null && port.getNodePort() != 0;
            String type = ServiceDefaults.type(spec);
            if (!ServiceDefaults.needsNodePorts(spec) && !type.equals(ServiceDefaults.LOAD_BALANCER)) {
                if (requested) {
                    return Optional.of(field + ": Forbidden: may not be used when `type` is '" + type + "'");
                }
                port.setNodePort(null);
                return Optional.empty();
            }
            Optional<Integer> wanted = requested ? Optional.of(port.getNodePort()) : previous(port);
            if (wanted.isEmpty() && !ServiceDefaults.needsNodePorts(spec)) {
                return Optional.empty();
            }
            String protocol = port.getProtocol();
            if (wanted.isPresent()) {
                int value = wanted.get();
                Optional<String> error = check(field, value, protocol);
                if (error.isPresent()) {
                    return error;
                }
                port.setNodePort(value);
                return Optional.empty();
            }
            OptionalInt allocated = allocate(protocol);
            if (allocated.isEmpty()) {
                return Optional.of("Internal error occurred: failed to allocate a nodePort: range is full");
            }
            port.setNodePort(allocated.getAsInt());
            return Optional.empty();
        }

        private Optional<String> healthCheck() {
            Integer requested = spec.getHealthCheckNodePort();
            boolean given = requested != null && requested != 0;
            if (!ServiceDefaults.needsHealthCheck(spec)) {
                if (given) {
                    return Optional.of("spec.healthCheckNodePort: Invalid value: " + requested + ": may only be set"
                            + " when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
                }
                spec.setHealthCheckNodePort(null);
                return Optional.empty();
            }
            Optional<Integer> wanted = given ? Optional.of(requested) : old.filter(ServiceDefaults::needsHealthCheck)
                    .map(ServiceSpec::getHealthCheckNodePort).filter(p -> p != 0);
            if (wanted.isPresent()) {
                Optional<String> error = check("spec.healthCheckNodePort", wanted.get(), "TCP");
                spec.setHealthCheckNodePort(wanted.get());
                return error;
            }
            OptionalInt allocated = allocate("TCP");
            if (allocated.isEmpty()) {
                return Optional.of("Internal error occurred: failed to allocate a nodePort: range is full");
            }
            spec.setHealthCheckNodePort(allocated.getAsInt());
            return Optional.empty();
        }

        /** The node port this port had before, matched by port and protocol, as {@code kubectl apply} keeps it. */
        private Optional<Integer> previous(ServicePort port) {
            return old.filter(ServiceDefaults::needsNodePorts).stream()
                    .flatMap(s -> Optional.ofNullable(s.getPorts()).orElse(List.of()).stream())
                    .filter(p -> p.getPort().equals(port.getPort()) && p.getProtocol().equals(port.getProtocol()))
                    .map(ServicePort::getNodePort)
                    .filter(p -> p != null && p != 0)
                    .findFirst();
        }

        private Optional<String> check(String field, int value, String protocol) {
            if (value < ServiceOptions.NODE_PORT_MIN || value > ServiceOptions.NODE_PORT_MAX) {
                return Optional.of(field + ": Invalid value: " + value + ": provided port is not in the valid range."
                        + " The range of valid ports is " + ServiceOptions.NODE_PORT_MIN + "-"
                        + ServiceOptions.NODE_PORT_MAX);
            }
            // One Service may use a node port once per protocol (53/UDP and 53/TCP on the same node port).
            if (taken.nodePorts.contains(value) || !mine.add(value + "/" + protocol)) {
                return Optional.of(field + ": Invalid value: " + value + ": provided port is already allocated");
            }
            return Optional.empty();
        }

        private OptionalInt allocate(String protocol) {
            OptionalInt slot = RandomScan.pick(NODE_PORTS, RandomScan.offset(NODE_PORTS, 16, 32, 128), i -> {
                int p = ServiceOptions.NODE_PORT_MIN + i;
                return !taken.nodePorts.contains(p) && mine.stream().noneMatch(m -> m.startsWith(p + "/"));
            }, random);
            if (slot.isEmpty()) {
                return slot;
            }
            int value = ServiceOptions.NODE_PORT_MIN + slot.getAsInt();
            mine.add(value + "/" + protocol);
            return OptionalInt.of(value);
        }
    }

    /** ClusterIPs and node ports held by every other Service. */
    private record Taken(Set<Ipv4> ips, Set<Integer> nodePorts) {
        static Taken from(List<Service> services, String namespace, String name) {
            Set<Ipv4> ips = new HashSet<>();
            Set<Integer> ports = new HashSet<>();
            for (Service s : services) {
                if (s.getMetadata().getNamespace().equals(namespace) && s.getMetadata().getName().equals(name)) {
                    continue;
                }
                ServiceSpec spec = Optional.ofNullable(s.getSpec()).orElseGet(ServiceSpec::new);
                Optional.ofNullable(spec.getClusterIPs()).orElse(List.of()).forEach(ip -> Ipv4.tryParse(ip).ifPresent(ips::add));
                Optional.ofNullable(spec.getClusterIP()).flatMap(Ipv4::tryParse).ifPresent(ips::add);
                for (ServicePort p : Optional.ofNullable(spec.getPorts()).orElse(List.of())) {
                    if (p.getNodePort() != null && p.getNodePort() != 0) {
                        ports.add(p.getNodePort());
                    }
                }
                if (spec.getHealthCheckNodePort() != null && spec.getHealthCheckNodePort() != 0) {
                    ports.add(spec.getHealthCheckNodePort());
                }
            }
            return new Taken(ips, ports);
        }
    }
}
