package dev.podwire.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.exec.InteractiveExec;
import dev.podwire.lab.ProcessRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        try {
            Path log = Path.of(spec.log());
            Files.createDirectories(log.getParent());
            ProcessHandle h = InteractiveExec.spawnDetached(argv, log);
            RunningContainer c = new RunningContainer(spec, List.of(ProcessRef.of(h)));
            write(c);
            LOG.log(System.Logger.Level.INFO, "container start id=" + spec.id() + " pid=" + h.pid());
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("start container " + spec.name() + " of pod " + spec.podKey(), e);
        }
    }

    /** Ends the container's process and everything it started, and forgets it. */
    synchronized void stop(String id) {
        find(id).ifPresent(c -> c.processes().forEach(p -> p.live().ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroy);
            h.destroy();
        })));
        delete(file(id));
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
