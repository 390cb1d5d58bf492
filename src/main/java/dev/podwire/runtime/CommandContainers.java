package dev.podwire.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.host.InteractiveExec;
import dev.podwire.lab.ProcessRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Containers with a {@code command}: each a detached host process ({@code setsid ip netns exec <pod> ...}) with a pid
 * file {@code <dir>/<id>.json} holding its spec and {@link ProcessRef} (PID and start time, so a recycled PID is never
 * taken for it). The files are what lets a restarted agent or runtime adopt the processes instead of starting
 * duplicates, as containerd's shims survive a containerd restart.
 */
final class CommandContainers {
    private static final System.Logger LOG = System.getLogger(CommandContainers.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);
    private final Path dir;
    private final InstantSource clock;
    /** The processes this runtime started itself, by container ID: only a parent can read an exit status. */
    private final Map<String, Process> children = new HashMap<>();

    CommandContainers(Path dir, InstantSource clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /**
     * {@return the container, started unless its pid file names a live process}; a container that ended is started
     * again (a restart)
     *
     * @throws IllegalStateException when the program cannot be run (not found, not executable), with containerd's
     *     words; nothing runs then
     */
    synchronized RunningContainer start(ContainerSpec spec) {
        Optional<RunningContainer> running = find(spec.id()).filter(c -> c.state().isRunning());
        if (running.isPresent()) {
            return running.get();
        }
        requireExecutable(spec);
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", spec.netns()));
        argv.addAll(spec.command());
        Path log = Path.of(spec.log());
        Process p;
        try {
            Files.createDirectories(log.getParent());
            p = InteractiveExec.spawnDetachedProcess(argv, log);
        } catch (IOException e) {
            throw new UncheckedIOException("start container " + spec.name() + " of pod " + spec.podKey(), e);
        }
        ProcessHandle h = p.toHandle();
        children.put(spec.id(), p);
        RunningContainer c = new RunningContainer(spec, List.of(ProcessRef.of(h)),
                ContainerState.running(clock.instant()));
        try {
            write(c);
        } catch (IOException | RuntimeException e) {
            // Without its pid file nobody could find the process again (not stop, not list, not a restarted runtime).
            end(List.of(h), Duration.ZERO);
            throw new UncheckedIOException("start container " + spec.name() + " of pod " + spec.podKey()
                    + ": record " + file(spec.id()), e instanceof IOException io ? io : new IOException(e));
        }
        LOG.log(System.Logger.Level.INFO, "container start id=" + spec.id() + " pid=" + h.pid());
        return c;
    }

    /**
     * Ends the container's process and everything it started (SIGTERM, then SIGKILL for whatever still runs after
     * 3 s), and forgets it once they are gone.
     */
    synchronized void stop(String id) {
        children.remove(id);
        find(id).filter(c -> c.state().isRunning()).ifPresent(c -> {
            List<ProcessHandle> all = new ArrayList<>();
            // Descendants first and before anything ends: once the container's process exits, its children are
            // re-parented and no longer found from it.
            c.processes().forEach(p -> p.live().ifPresent(h -> {
                h.descendants().forEach(all::add);
                all.add(h);
            }));
            end(all, STOP_GRACE);
        });
        delete(file(id));
    }

    /** Sends SIGTERM to every process, waits up to {@code grace} for each, then SIGKILLs the rest and waits for them. */
    private static void end(List<ProcessHandle> processes, Duration grace) {
        if (!grace.isZero()) {
            processes.forEach(ProcessHandle::destroy);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        List<ProcessHandle> left = new ArrayList<>();
        for (ProcessHandle h : processes) {
            if (!waitFor(h, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                left.add(h);
            }
        }
        left.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : left) {
            if (!waitFor(h, KILL_WAIT)) {
                LOG.log(System.Logger.Level.WARNING, "container process pid=" + h.pid() + " survived SIGKILL for "
                        + KILL_WAIT.toMillis() + "ms");
            }
        }
    }

    /** {@return whether the process ended within {@code bound}} */
    private static boolean waitFor(ProcessHandle h, Duration bound) {
        try {
            h.onExit().get(bound.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        }
    }

    /**
     * {@return every container, running or ended}: one whose process is found gone is recorded as ended, with its exit
     * status when this runtime started it ({@link ContainerState#UNKNOWN_EXIT} otherwise); unreadable files are removed
     */
    synchronized List<RunningContainer> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<RunningContainer> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                read(f).map(this::settle).ifPresentOrElse(out::add, () -> delete(f));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir, e);
        }
    }

    private Optional<RunningContainer> find(String id) {
        return read(file(id)).map(this::settle);
    }

    // A running record whose process is gone becomes an ended one, written back so that it stays so.
    private RunningContainer settle(RunningContainer c) {
        if (!c.state().isRunning() || alive(c)) {
            return c;
        }
        Process child = children.remove(c.spec().id());
        int code = ContainerState.UNKNOWN_EXIT;
        if (child != null) {
            try {
                code = child.waitFor(1, TimeUnit.SECONDS) ? child.exitValue() : ContainerState.UNKNOWN_EXIT;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RunningContainer ended = new RunningContainer(c.spec(), c.processes(),
                ContainerState.exited(c.state().started(), Math.min(255, Math.max(0, code)), clock.instant()));
        try {
            write(ended);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "record end of container id=" + c.spec().id() + ": "
                    + e.getMessage());
        }
        LOG.log(System.Logger.Level.INFO, "container exit id=" + c.spec().id() + " code=" + ended.state().exitCode());
        return ended;
    }

    // containerd cannot start a task whose program is missing; neither can we, and a process that would only print
    // "exec of ... failed" must not count as a started container.
    private static void requireExecutable(ContainerSpec spec) {
        String program = spec.command().getFirst();
        boolean found;
        if (program.contains("/")) {
            found = Files.isExecutable(Path.of(program)) && !Files.isDirectory(Path.of(program));
        } else {
            found = java.util.Arrays.stream(Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin")
                    .split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                    .anyMatch(p -> Files.isExecutable(p) && !Files.isDirectory(p));
        }
        if (!found) {
            throw new IllegalStateException("failed to create containerd task: failed to create shim task: OCI"
                    + " runtime create failed: runc create failed: unable to start container process: exec: \""
                    + program + "\": " + (program.contains("/") ? "stat " + program + ": no such file or directory"
                    : "executable file not found in $PATH") + ": unknown");
        }
    }

    private static boolean alive(RunningContainer c) {
        return !c.processes().isEmpty() && c.processes().stream().allMatch(p -> p.live().isPresent());
    }

    private Path file(String id) {
        return dir.resolve(id + ".json");
    }

    private static Optional<RunningContainer> read(Path f) {
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), RunningContainer.class));
        } catch (IOException e) {
            // A torn or foreign file names nothing we can adopt; it is removed like a dead container's.
            LOG.log(System.Logger.Level.WARNING, "unreadable pid file " + f + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private void write(RunningContainer c) throws IOException {
        Files.createDirectories(dir);
        Path f = file(c.spec().id());
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), c);
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "remove " + f + ": " + e.getMessage());
        }
    }
}
