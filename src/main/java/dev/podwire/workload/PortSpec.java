package dev.podwire.workload;

import java.util.Objects;
import java.util.regex.Pattern;
import dev.podwire.net.Protocol;

/**
 * One container port.
 *
 * @param name the port name ({@code IANA_SVC_NAME}: at most 15 lower-case letters, digits and '-'); empty if unnamed
 * @param port the port number, 1..65535
 * @param protocol the transport protocol
 */
public record PortSpec(String name, int port, Protocol protocol) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?");

    /** Validates. */
    public PortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: " + name
                    + " (expected: at most 15 lower-case letters, digits and '-', starting and ending alphanumeric)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }

    /** {@return an unnamed port} */
    public static PortSpec of(int port, Protocol protocol) {
        return new PortSpec("", port, protocol);
    }

    /** {@return this port with another number; the workload reports bound ports this way} */
    PortSpec withPort(int number) {
        return new PortSpec(name, number, protocol);
    }

    @Override
    public String toString() {
        return port + "/" + protocol + (name.isEmpty() ? "" : " (" + name + ")");
    }
}
