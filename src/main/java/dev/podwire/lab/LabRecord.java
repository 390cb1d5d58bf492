package dev.podwire.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a lab has created, kept in {@code /run/podwire/<lab>/lab.json} so that {@code podwire down} can remove it all
 * even after the daemon died. Every namespace is recorded <em>before</em> it is created, so a crash between the two
 * leaves at most a name to skip, never an orphan.
 *
 * @param lab the lab's name
 * @param daemonPid the daemon's process ID, 0 before it started
 * @param namespaces every namespace the lab may have created
 * @param processes processes the lab started besides the daemon (commands run in pods)
 * @param files the lab files it was started from
 */
public record LabRecord(String lab, long daemonPid, List<String> namespaces, List<ProcessRef> processes, List<String> files) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies. */
    public LabRecord {
        namespaces = List.copyOf(new LinkedHashSet<>(namespaces));
        processes = List.copyOf(processes);
        files = List.copyOf(files);
    }

    /** {@return the record's path for a lab} */
    public static Path path(LabNames names) {
        return Path.of(names.stateDir(), "lab.json");
    }

    /** {@return the record of a lab, if it has one} */
    public static Optional<LabRecord> read(LabNames names) {
        Path p = path(names);
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(p.toFile(), LabRecord.class));
        } catch (IOException e) {
            throw new UncheckedIOException("read " + p, e);
        }
    }

    /** Writes the record atomically (temp file + rename). */
    public void write() {
        Path p = path(new LabNames(lab));
        try {
            Files.createDirectories(p.getParent());
            Path tmp = p.resolveSibling("lab.json.tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + p, e);
        }
    }

    /**
     * Changes a lab's record on disk under a file lock, so that the daemon and the node agent processes of an etcd
     * lab (which record the processes they start) never lose each other's changes. Does nothing when the lab has no
     * record (it was torn down). {@return whether there was a record to change}
     */
    public static boolean update(LabNames names, java.util.function.UnaryOperator<LabRecord> change) {
        Path lock = Path.of(names.stateDir(), "lab.lock");
        synchronized (LabRecord.class) {
            try {
                Files.createDirectories(lock.getParent());
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                        java.nio.channels.FileLock held = ch.lock()) {
                    Optional<LabRecord> current = read(names);
                    current.map(change).ifPresent(LabRecord::write);
                    return current.isPresent();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("update " + path(names), e);
            }
        }
    }

    /** {@return a copy with more namespaces} */
    public LabRecord withNamespaces(Iterable<String> more) {
        Set<String> all = new LinkedHashSet<>(namespaces);
        more.forEach(all::add);
        return new LabRecord(lab, daemonPid, new ArrayList<>(all), processes, files);
    }

    /** {@return a copy with the daemon's PID} */
    public LabRecord withDaemon(long pid) {
        return new LabRecord(lab, pid, namespaces, processes, files);
    }

    /** {@return a copy with one more process} */
    public LabRecord withProcess(ProcessRef process) {
        List<ProcessRef> all = new ArrayList<>(processes);
        all.add(process);
        return new LabRecord(lab, daemonPid, namespaces, all, files);
    }

    /** {@return a copy without the process of that PID (it ended)} */
    public LabRecord withoutProcess(long pid) {
        return new LabRecord(lab, daemonPid, namespaces, processes.stream().filter(p -> p.pid() != pid).toList(),
                files);
    }
}
