package dev.podwire.runtime;

import dev.podwire.host.InteractiveExec;
import dev.podwire.host.JavaCommand;
import dev.podwire.lab.ProcessRef;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds or starts a node's {@code podwire runtime} process. A live one (its pid file names a live process and its
 * socket answers) is reused with every container it runs; otherwise a new one is started detached ({@code setsid}),
 * inside the node's namespace, so it survives the agent that started it.
 */
public final class RuntimeProcess {
    private static final System.Logger LOG = System.getLogger(RuntimeProcess.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private RuntimeProcess() {}

    /**
     * {@return a client of lab node {@code node}'s runtime ({@link RuntimePaths#of}, in namespace
     * {@code <lab>-<node>}), started first when none is alive}
     */
    public static RuntimeClient connectOrStart(dev.podwire.lab.LabNames names, String node) {
        return connectOrStart(RuntimePaths.of(names, node), names.machine(node), node);
    }

    /**
     * {@return a client of the node's runtime, started first when none is alive}
     *
     * @param paths where the runtime's socket and state are
     * @param node the node's namespace: the runtime runs in it and ends when it is deleted ({@link Netns#HOST}: runs
     *     in the root namespace until ended)
     * @param nodeName the node's name, for the runtime's command line and messages
     * @throws IllegalStateException when a started runtime does not answer within 30 s (its log's tail attached)
     */
    public static RuntimeClient connectOrStart(RuntimePaths paths, Netns node, String nodeName) {
        return connectOrStart(paths, node, nodeName, p -> { });
    }

    /**
     * As {@link #connectOrStart(RuntimePaths, Netns, String)}, telling {@code spawned} about a runtime process the
     * moment it is started (before it answers), so that a lab's teardown can end it even when this start fails.
     */
    public static RuntimeClient connectOrStart(RuntimePaths paths, Netns node, String nodeName,
            java.util.function.Consumer<ProcessRef> spawned) {
        Optional<RuntimeClient> alive = tryConnect(paths);
        if (alive.isPresent()) {
            LOG.log(System.Logger.Level.INFO, "runtime adopted node=" + nodeName + " pid="
                    + alive.get().info().process().pid() + " containers=" + alive.get().info().containers());
            return alive.get();
        }
        try {
            Files.createDirectories(paths.dir());
            ProcessHandle h = InteractiveExec.spawnDetached(argv(paths, node, nodeName), paths.log());
            spawned.accept(ProcessRef.of(h));
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<RuntimeClient> c = tryConnect(paths);
                if (c.isPresent() && c.get().info().process().pid() == h.pid()) {
                    LOG.log(System.Logger.Level.INFO, "runtime started node=" + nodeName + " pid=" + h.pid());
                    return c.get();
                }
                if (!h.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
            h.destroy();
            throw new IllegalStateException("the runtime of node " + nodeName + " did not start (log "
                    + paths.log() + "): " + tail(paths));
        } catch (IOException e) {
            throw new UncheckedIOException("start the runtime of node " + nodeName, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the runtime of node " + nodeName, e);
        }
    }

    /** {@return a client when the pid file names a live process and the socket answers} */
    public static Optional<RuntimeClient> tryConnect(RuntimePaths paths) {
        Optional<ProcessRef> pid = paths.readPid().filter(p -> p.live().isPresent());
        if (pid.isEmpty() || !Files.exists(paths.socket())) {
            return Optional.empty();
        }
        try {
            RuntimeClient c = RuntimeClient.connect(paths);
            return c.info().process().pid() == pid.get().pid() ? Optional.of(c) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    // The same JVM and class path as ours, entered into the node's namespace by ip netns exec (which execs, so the
    // PID spawnDetached returns is the runtime's own).
    private static List<String> argv(RuntimePaths paths, Netns node, String nodeName) {
        // On a host of its own the agent's node is the root namespace: the runtime runs there and has nothing to watch.
        List<String> argv = new ArrayList<>(node.isHost() ? List.of() : List.of("ip", "netns", "exec", node.name()));
        argv.addAll(JavaCommand.argv("dev.podwire.cli.Main"));
        argv.addAll(List.of("runtime", "--node", nodeName, "--socket", paths.socket().toString()));
        if (!node.isHost()) {
            argv.addAll(List.of("--netns", node.name()));
        }
        return argv;
    }

    private static String tail(RuntimePaths paths) {
        try {
            List<String> lines = Files.exists(paths.log()) ? Files.readAllLines(paths.log()) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
