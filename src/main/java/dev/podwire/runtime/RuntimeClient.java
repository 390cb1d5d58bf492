package dev.podwire.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.rpc.RpcClient;
import dev.podwire.rpc.Message;
import dev.podwire.rpc.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link ContainerRuntime} served by a {@code podwire runtime} process over its unix socket, one connection per
 * call. {@link #close} leaves every container running: they belong to the runtime process, not to us.
 */
public final class RuntimeClient implements ContainerRuntime {
    /** How long one call may take before the runtime is taken to be hung. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RuntimePaths paths;
    private final RuntimeInfo info;
    private final Duration timeout;

    private RuntimeClient(RuntimePaths paths, RuntimeInfo info, Duration timeout) {
        this.paths = paths;
        this.info = info;
        this.timeout = timeout;
    }

    /**
     * {@return a client of the runtime listening at {@code paths}}; each call waits at most 10 s for the answer
     *
     * @throws IOException when nothing answers there
     */
    public static RuntimeClient connect(RuntimePaths paths) throws IOException {
        return connect(paths, CALL_TIMEOUT);
    }

    /** As {@link #connect(RuntimePaths)}, each call waiting at most {@code timeout}. */
    static RuntimeClient connect(RuntimePaths paths, Duration timeout) throws IOException {
        List<String> lines = call(paths, Request.of("ping"), timeout);
        if (lines.size() != 1) {
            throw new IOException("runtime at " + paths.socket() + " answered ping with " + lines);
        }
        return new RuntimeClient(paths, JSON.readValue(lines.getFirst(), RuntimeInfo.class), timeout);
    }

    /** {@return what the runtime said about itself when we connected: record its process for {@code down}} */
    public RuntimeInfo info() {
        return info;
    }

    /** {@return the runtime's paths} */
    public RuntimePaths paths() {
        return paths;
    }

    @Override
    public RunningContainer start(ContainerSpec spec) {
        try {
            Request r = new Request("start", List.of(), Map.of("spec", JSON.writeValueAsString(spec)));
            return JSON.readValue(unchecked(r).getFirst(), RunningContainer.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("runtime answer to start " + spec.id(), e);
        }
    }

    @Override
    public void stop(String id) {
        unchecked(Request.of("stop", id));
    }

    @Override
    public List<RunningContainer> list() {
        List<RunningContainer> out = new ArrayList<>();
        for (String line : unchecked(Request.of("list"))) {
            try {
                out.add(JSON.readValue(line, RunningContainer.class));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("runtime answer to list: " + line, e);
            }
        }
        return out;
    }

    /** Leaves the runtime and its containers running. */
    @Override
    public void close() {
    }

    private List<String> unchecked(Request r) {
        try {
            return call(paths, r, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("runtime " + r.verb() + " at " + paths.socket() + ": " + e.getMessage()
                    + " (see " + paths.log() + ")", e);
        }
    }

    // Out lines are the answer; err lines and a non-zero exit are the runtime's refusal, raised with its words.
    private static List<String> call(RuntimePaths paths, Request r, Duration timeout) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        // Bounded: a hung runtime must fail the agent's pass (and be retried), not block the agent forever.
        int code = RpcClient.call(paths.socket(), r, (Message m) -> (m.type().equals("out") ? out : err)
                .add(m.text()), timeout);
        if (code != 0) {
            throw new IllegalStateException("runtime " + r.verb() + " failed (exit " + code + "): "
                    + String.join("; ", err) + " (see " + paths.log() + ")");
        }
        return out;
    }
}
