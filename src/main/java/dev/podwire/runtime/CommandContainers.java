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

    CommandContainers(Path dir) {
        this.dir = dir;
    }

    /** {@return the container, started unless its pid file names a live process} */
    synchronized RunningContainer start(ContainerSpec spec) {
        Optional<RunningContainer> running = find(spec.id());
        if (running.isPresent()) {
            return running.get();
        }
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", spec.netns()));
        argv.addAll(spec.command());
        Path log = Path.of(spec.log());
        ProcessHandle h;
        try {
            Files.createDirectories(log.getParent());
            h = InteractiveExec.spawnDetached(argv, log);
        } catch (IOException e) {
            throw new UncheckedIOException("start container " + spec.name() + " of pod " + spec.podKey(), e);
        }
        RunningContainer c = new RunningContainer(spec, List.of(ProcessRef.of(h)));
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
        find(id).ifPresent(c -> {
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

    /** {@return the containers whose process still lives}; files of ended ones are removed */
    synchronized List<RunningContainer> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<RunningContainer> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                read(f).filter(CommandContainers::alive).ifPresentOrElse(out::add, () -> delete(f));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir, e);
        }
    }

    private Optional<RunningContainer> find(String id) {
        return read(file(id)).filter(CommandContainers::alive);
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
