package dev.podwire.lab;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes everything a lab created: its processes (by recorded PID and start time), its namespaces (which takes every
 * link inside them along), the per-namespace {@code /etc/netns/<ns>} files and the state directory. Works from the
 * {@link LabRecord} alone, so it needs no live daemon.
 */
public final class Teardown {
    private final LabNames names;
    private final Executor executor;

    /** Creates a teardown for one lab. */
    public Teardown(LabNames names, Executor executor) {
        this.names = names;
        this.executor = executor;
    }

    /**
     * {@return what was removed}
     *
     * @param record the lab's record, when there is one
     * @param killDaemon whether to end the recorded daemon process (false when the daemon itself tears down)
     */
    public Report run(Optional<LabRecord> record, boolean killDaemon) {
        int killed = 0;
        if (record.isPresent()) {
            List<ProcessRef> procs = new ArrayList<>(record.get().processes());
            // Last started, first stopped: agent processes end (releasing their claims) before the etcd they use.
            java.util.Collections.reverse(procs);
            for (ProcessRef p : procs) {
                killed += stop(p) ? 1 : 0;
            }
            if (killDaemon && record.get().daemonPid() > 0 && record.get().daemonPid() != ProcessHandle.current().pid()) {
                killed += stopDaemon(record.get().daemonPid()) ? 1 : 0;
            }
        }
        Set<String> ours = new TreeSet<>();
        record.ifPresent(r -> ours.addAll(r.namespaces()));
        Pattern podPattern = Pattern.compile(Pattern.quote(names.podNetnsPrefix()) + "[0-9a-f]{10}");
        Set<String> existing = existingNamespaces();
        Set<String> doomed = new TreeSet<>();
        for (String ns : existing) {
            if (ours.contains(ns) || podPattern.matcher(ns).matches()) {
                doomed.add(ns);
            }
        }
        if (!doomed.isEmpty()) {
            StringBuilder batch = new StringBuilder();
            doomed.forEach(ns -> batch.append("netns del ").append(ns).append('\n'));
            executor.run(Command.ipBatch(Netns.HOST, batch.toString())).orThrow();
        }
        Set<String> etcDirs = new TreeSet<>(ours);
        etcDirs.addAll(doomed);
        for (String ns : etcDirs) {
            deleteTree(Path.of("/etc/netns", ns));
        }
        deleteTree(Path.of(names.stateDir()));
        return new Report(doomed.size(), killed);
    }

    /**
     * What a teardown removed.
     *
     * @param namespaces namespaces deleted
     * @param processes processes ended
     */
    public record Report(int namespaces, int processes) {}

    private Set<String> existingNamespaces() {
        String out = executor.run(Command.of(Netns.HOST, "ip", "netns", "list")).orThrow().stdout();
        Set<String> names = new TreeSet<>();
        // Lines look like "name" or "name (id: 3)".
        out.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> names.add(l.split("\\s+")[0]));
        return names;
    }

    private static boolean stop(ProcessRef ref) {
        Optional<ProcessHandle> h = ref.live();
        if (h.isEmpty()) {
            return false;
        }
        h.get().destroy();
        try {
            h.get().onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            h.get().destroyForcibly();
        }
        return true;
    }

    private boolean stopDaemon(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        // Only a process whose command line names this lab's daemon is ours to end.
        if (h.isEmpty() || !h.get().info().commandLine().map(c -> c.contains("dev.podwire")
                && c.contains("--lab " + names.lab())).orElse(false)) {
            return false;
        }
        h.get().destroyForcibly();
        try {
            h.get().onExit().get(Duration.ofSeconds(5).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // It is gone or going; the namespaces are removed either way.
        }
        return true;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("remove " + root, e);
        }
    }
}
