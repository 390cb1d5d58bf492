package dev.podwire.runtime;

import dev.podwire.workload.Workload;
import dev.podwire.workload.WorkloadSpec;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs containers from this JVM: built-in servers as {@link Workload}s (sockets in the pod's namespace, threads here),
 * command containers as detached processes with pid files. The embedded lab daemon uses it directly; a
 * {@code podwire runtime} process serves one over its socket.
 */
public final class InProcessRuntime implements ContainerRuntime {
    private static final System.Logger LOG = System.getLogger(InProcessRuntime.class.getName());

    private record Served(ContainerSpec spec, Workload workload, ContainerState state) {}

    private final Map<String, Served> servers = new TreeMap<>();
    private final CommandContainers commands;
    private final InstantSource clock;

    /** Creates a runtime keeping command containers' pid files in {@code stateDir/containers}. */
    public InProcessRuntime(Path stateDir) {
        this(stateDir, InstantSource.system());
    }

    /** As {@link #InProcessRuntime(Path)}, with start and end times from {@code clock}. */
    public InProcessRuntime(Path stateDir, InstantSource clock) {
        this.commands = new CommandContainers(stateDir.resolve("containers"), clock);
        this.clock = clock;
    }

    @Override
    public RunningContainer start(ContainerSpec spec) {
        if (!spec.command().isEmpty()) {
            return commands.start(spec);
        }
        synchronized (this) {
            // A pod's sockets are opened in its namespace by Workload; the threads serving them stay here.
            Served s = servers.computeIfAbsent(spec.id(), id -> new Served(spec, Workload.start(spec.podNetns(),
                    new WorkloadSpec(spec.podName(), spec.podNamespace(), spec.image(), spec.ports())),
                    ContainerState.running(clock.instant())));
            return new RunningContainer(s.spec(), List.of(), s.state());
        }
    }

    @Override
    public void stop(String id) {
        Optional<Served> s;
        synchronized (this) {
            s = Optional.ofNullable(servers.remove(id));
        }
        s.ifPresentOrElse(served -> served.workload().close(), () -> commands.stop(id));
    }

    @Override
    public List<RunningContainer> list() {
        List<RunningContainer> out = new ArrayList<>(commands.list());
        synchronized (this) {
            servers.values().forEach(s -> out.add(new RunningContainer(s.spec(), List.of(), s.state())));
        }
        out.sort(Comparator.comparing(c -> c.spec().id()));
        return out;
    }

    /** Stops every built-in server and every command container: the JVM holding them is ending. */
    @Override
    public void close() {
        List<Served> all;
        synchronized (this) {
            all = List.copyOf(servers.values());
            servers.clear();
        }
        for (Served s : all) {
            try {
                s.workload().close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stop container id=" + s.spec().id() + ": " + e.getMessage());
            }
        }
        commands.list().forEach(c -> commands.stop(c.spec().id()));
    }
}
