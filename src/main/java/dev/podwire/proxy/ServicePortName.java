package dev.podwire.proxy;

import java.util.Comparator;
import java.util.Objects;
import dev.podwire.net.Protocol;

/**
 * One port of one Service, kube-proxy's {@code proxy.ServicePortName}: the key of everything the proxy writes.
 *
 * @param namespace the Service's namespace
 * @param name the Service's name
 * @param portName the port's name; empty for the single unnamed port
 * @param protocol the port's protocol
 */
public record ServicePortName(String namespace, String name, String portName, Protocol protocol)
        implements Comparable<ServicePortName> {
    private static final Comparator<ServicePortName> ORDER = Comparator.comparing(ServicePortName::toString)
            .thenComparing(ServicePortName::protocol);

    /** Validates. */
    public ServicePortName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(portName, "portName");
        Objects.requireNonNull(protocol, "protocol");
        if (namespace.isEmpty() || namespace.contains("/")) {
            throw new IllegalArgumentException("namespace: " + namespace + " (expected: a namespace name)");
        }
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("name: " + name + " (expected: a service name)");
        }
        if (portName.contains(" ") || portName.contains("\"")) {
            throw new IllegalArgumentException("portName: " + portName + " (expected: a port name)");
        }
    }

    /** {@return kube-proxy's String form: {@code ns/name:port}, or {@code ns/name} for an unnamed port} */
    @Override
    public String toString() {
        return namespace + "/" + name + (portName.isEmpty() ? "" : ":" + portName);
    }

    @Override
    public int compareTo(ServicePortName other) {
        return ORDER.compare(this, other);
    }
}
