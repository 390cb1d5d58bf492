package dev.podwire.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.ProcessRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a node's runtime keeps its state: the unix socket, and beside it {@code runtime.pid} (a {@link ProcessRef} as
 * JSON), {@code runtime.log} and {@code containers/<id>.json}.
 *
 * @param socket the unix socket
 */
public record RuntimePaths(Path socket) {

    /** Validates. */
    public RuntimePaths {
        if (!socket.isAbsolute() || socket.getParent() == null) {
            throw new IllegalArgumentException("socket: " + socket + " (expected: an absolute path)");
        }
    }

    /** {@return the paths of a lab node's runtime: {@code /run/podwire/<lab>/nodes/<node>/run/podwire-runtime}} */
    public static RuntimePaths of(LabNames names, String node) {
        return under(Path.of(names.nodeRoot(node)));
    }

    /**
     * {@return the paths of the runtime of the node whose root directory is {@code nodeRoot}}: its
     * {@code run/podwire-runtime/} ({@code /run/podwire-runtime/} for an agent on a host of its own)
     */
    public static RuntimePaths under(Path nodeRoot) {
        return new RuntimePaths(nodeRoot.resolve("run/podwire-runtime/runtime.sock"));
    }

    /** {@return the directory holding the socket and the runtime's state} */
    public Path dir() {
        return socket.getParent();
    }

    /** {@return the pid file} */
    public Path pidFile() {
        return dir().resolve("runtime.pid");
    }

    /** {@return the runtime's log} */
    public Path log() {
        return dir().resolve("runtime.log");
    }

    /** {@return the process the pid file names, if the file exists and is readable} */
    public Optional<ProcessRef> readPid() {
        if (!Files.exists(pidFile())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ObjectMapper().readValue(pidFile().toFile(), ProcessRef.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
