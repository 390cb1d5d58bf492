package dev.podwire.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.rpc.Reply;
import dev.podwire.rpc.Request;
import dev.podwire.rpc.RequestException;
import dev.podwire.rpc.RpcServer;
import dev.podwire.lab.ProcessRef;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code podwire runtime} process: one per node, a long-lived JVM that runs the node's containers through an
 * {@link InProcessRuntime} and serves it on a unix socket with the daemon's protocol (one JSON {@code Request} line
 * in, {@code Message} lines out). Verbs: {@code ping} (answers a {@link RuntimeInfo}), {@code list} (one
 * {@link RunningContainer} per line), {@code start} (option {@code spec}: a {@link ContainerSpec}), {@code stop}
 * (argument: a container ID).
 *
 * <p>It ends when its node's namespace is deleted (the lab went down, even if nobody ended it by PID) and on
 * SIGTERM; containers stop with it.
 */
public final class RuntimeServer {
    private static final System.Logger LOG = System.getLogger(RuntimeServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WATCH = Duration.ofSeconds(2);

    private final RuntimePaths paths;
    private final InProcessRuntime runtime;

    private RuntimeServer(RuntimePaths paths) {
        this.paths = paths;
        this.runtime = new InProcessRuntime(paths.dir());
    }

    /**
     * Serves node {@code nodeName}'s containers until its namespace {@code node} disappears; writes the pid file once
     * the socket listens.
     *
     * @throws IllegalStateException when another runtime already serves {@code paths}
     */
    public static void serve(RuntimePaths paths, Netns node, String nodeName) throws InterruptedException {
        // One runtime per node, decided atomically: the lock is held from before the socket is bound until after it
        // and the pid file are removed, so a second runtime can neither replace the first one's socket (RpcServer
        // replaces a socket file it finds) nor have its own socket deleted by the first one's exit.
        Path lockFile = paths.lockFile();
        try {
            Files.createDirectories(paths.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("create " + paths.dir(), e);
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("a runtime already runs for " + paths.dir() + paths.readPid()
                        .map(p -> " (pid " + p.pid() + ")").orElse("") + ": " + lockFile + " is locked; end it"
                        + " first");
            }
            serveLocked(paths, node, nodeName);
        } catch (IOException e) {
            throw new UncheckedIOException("lock " + lockFile, e);
        }
    }

    private static void serveLocked(RuntimePaths paths, Netns node, String nodeName) throws InterruptedException {
        RuntimeServer s = new RuntimeServer(paths);
        CountDownLatch done = new CountDownLatch(1);
        try (RpcServer rpc = RpcServer.start(paths.socket(), s::handle)) {
            writePid(paths.pidFile());
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(s.runtime::close));
            LOG.log(System.Logger.Level.INFO, "runtime ready node=" + nodeName + " netns=" + node + " socket=" + paths.socket()
                    + " pid=" + ProcessHandle.current().pid());
            // No agent may be left to end us: the node's namespace going away means the lab is gone.
            while (!done.await(WATCH.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (!node.isHost() && !Files.exists(Path.of(node.path()))) {
                    LOG.log(System.Logger.Level.INFO, "runtime exit reason=node-netns-gone netns=" + node);
                    break;
                }
            }
        } finally {
            s.runtime.close();
            try {
                Files.deleteIfExists(paths.pidFile());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "remove " + paths.pidFile() + ": " + e.getMessage());
            }
        }
    }

    private int handle(Request request, Reply reply) throws IOException {
        switch (request.verb()) {
            case "ping" -> reply.out(JSON.writeValueAsString(new RuntimeInfo(ProcessRef.of(ProcessHandle.current()),
                    runtime.list().size())));
            case "list" -> {
                for (RunningContainer c : runtime.list()) {
                    reply.out(JSON.writeValueAsString(c));
                }
            }
            case "start" -> {
                ContainerSpec spec = JSON.readValue(request.option("spec", "{}"), ContainerSpec.class);
                reply.out(JSON.writeValueAsString(runtime.start(spec)));
            }
            case "stop" -> {
                if (request.args().size() != 1) {
                    throw new RequestException(2, "stop: " + request.args() + " (expected: one container ID)");
                }
                runtime.stop(request.args().getFirst());
            }
            default -> throw new RequestException(2, "verb: " + request.verb()
                    + " (expected: ping, list, start or stop)");
        }
        return 0;
    }

    private static void writePid(Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), ProcessRef.of(ProcessHandle.current()));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file, e);
        }
    }
}
