package dev.podwire.datastore.etcd;

import static java.util.Objects.requireNonNull;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.InteractiveExec;
import dev.podwire.host.Result;
import dev.podwire.lab.ProcessRef;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real single-member etcd (Debian's {@code /usr/bin/etcd}) for a lab or a test, optionally inside a network
 * namespace ({@code ip netns exec}). {@link #start} returns once {@code etcdctl endpoint health} — a real quorum read
 * — succeeds from the same namespace. {@link #stop()} ends it by PID (SIGTERM, then SIGKILL) and keeps its data, so
 * {@link #restart()} brings the same store back (a fault test's "etcd down for 30 s"); {@link #close()} also deletes
 * the data directory.
 */
public final class EtcdProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /**
     * How to run one etcd member.
     *
     * @param name       the member name ({@code --name})
     * @param netns      where to run it; {@link Netns#HOST} in tests on loopback
     * @param address    the IPv4 address it listens on for clients and peers
     * @param clientPort the client port (etcd's default is 2379)
     * @param peerPort   the peer port (etcd's default is 2380)
     * @param dataDir    its data directory, created if absent and deleted by {@link #close()}
     * @param log        where its output is appended
     */
    public record Config(String name, Netns netns, String address, int clientPort, int peerPort, Path dataDir,
            Path log) {
        /** Validates. */
        public Config {
            requireNonNull(name, "name");
            requireNonNull(netns, "netns");
            requireNonNull(address, "address");
            requireNonNull(dataDir, "dataDir");
            requireNonNull(log, "log");
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("name: " + name + " (expected: letters, digits, '.', '_', '-')");
            }
            requirePort("clientPort", clientPort);
            requirePort("peerPort", peerPort);
            if (clientPort == peerPort) {
                throw new IllegalArgumentException("peerPort: " + peerPort + " (expected: different from clientPort)");
            }
        }

        /** {@return the client URL, e.g. {@code http://127.0.0.1:2379}} */
        public URI clientUrl() {
            return URI.create("http://" + address + ":" + clientPort);
        }

        /** {@return the peer URL} */
        public URI peerUrl() {
            return URI.create("http://" + address + ":" + peerPort);
        }

        /** {@return etcd's command line} */
        public List<String> argv() {
            return List.of("etcd",
                    "--name", name,
                    "--data-dir", dataDir.toString(),
                    "--listen-client-urls", clientUrl().toString(),
                    "--advertise-client-urls", clientUrl().toString(),
                    "--listen-peer-urls", peerUrl().toString(),
                    "--initial-advertise-peer-urls", peerUrl().toString(),
                    "--initial-cluster", name + "=" + peerUrl(),
                    "--initial-cluster-token", "podwire-" + name,
                    "--initial-cluster-state", "new",
                    "--logger", "zap",
                    "--log-outputs", "stderr");
        }

        private static void requirePort(String field, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(field + ": " + port + " (expected: 1..65535)");
            }
        }
    }

    private final Config config;
    private final Executor executor;
    private final Duration healthTimeout;
    private Optional<ProcessHandle> process = Optional.empty();

    private EtcdProcess(Config config, Executor executor, Duration healthTimeout) {
        this.config = config;
        this.executor = executor;
        this.healthTimeout = healthTimeout;
    }

    /**
     * {@return a running, healthy etcd}
     *
     * @param executor runs the health probe ({@code etcdctl}) in the member's namespace
     * @param healthTimeout how long to wait for the first healthy answer
     * @throws IllegalStateException when etcd exits or stays unhealthy; the process is ended and the message carries
     *     the command and the tail of its log
     */
    public static EtcdProcess start(Config config, Executor executor, Duration healthTimeout) {
        EtcdProcess etcd = new EtcdProcess(requireNonNull(config, "config"), requireNonNull(executor, "executor"),
                requireNonNull(healthTimeout, "healthTimeout"));
        etcd.launch();
        return etcd;
    }

    /** {@return the client endpoint} */
    public EtcdEndpoints endpoints() {
        return EtcdEndpoints.of(config.clientUrl());
    }

    /** {@return the configuration} */
    public Config config() {
        return config;
    }

    /** {@return the running process, for the lab record; empty while stopped} */
    public Optional<ProcessRef> process() {
        return process.filter(ProcessHandle::isAlive).map(ProcessRef::of);
    }

    /** Starts etcd again on the same data directory and waits until it is healthy. */
    public synchronized void restart() {
        if (process.filter(ProcessHandle::isAlive).isPresent()) {
            throw new IllegalStateException("etcd " + config.name() + " is already running (pid "
                    + process.get().pid() + ")");
        }
        launch();
    }

    /**
     * Starts etcd again when it died without being stopped (a crash, a {@code kill -9}), as systemd's
     * {@code Restart=always} would; {@return the new process, if it restarted one}. An etcd stopped on purpose
     * ({@link #stop()}) stays stopped.
     */
    public synchronized Optional<ProcessRef> restartIfDied() {
        if (process.isEmpty() || process.get().isAlive()) {
            return Optional.empty();
        }
        launch();
        return process();
    }

    /** Ends etcd by PID: SIGTERM, then SIGKILL after 5 s. Keeps the data directory. Idempotent. */
    public synchronized void stop() {
        process.ifPresent(EtcdProcess::terminate);
        process = Optional.empty();
    }

    /** Stops etcd and deletes its data directory. */
    @Override
    public synchronized void close() {
        stop();
        deleteRecursively(config.dataDir());
    }

    private synchronized void launch() {
        Command command = new Command(config.netns(), config.argv(), "");
        try {
            Files.createDirectories(config.dataDir());
            Files.createDirectories(config.log().toAbsolutePath().getParent());
            process = Optional.of(InteractiveExec.spawnDetached(command.processArgv(), config.log()));
        } catch (IOException e) {
            throw new UncheckedIOException("start etcd: " + command.display() + ": " + e.getMessage(), e);
        }
        try {
            waitHealthy(command);
        } catch (RuntimeException e) {
            // Whatever ended the wait (unhealthy, a failed probe, an interrupt), the etcd we started must not outlive it.
            stop();
            throw e;
        }
    }

    private void waitHealthy(Command started) {
        String endpoint = "--endpoints=" + config.clientUrl();
        Command health = Command.of(config.netns(), "etcdctl", endpoint, "--dial-timeout=1s", "--command-timeout=1s",
                "endpoint", "health");
        // Health alone could come from another etcd already on that port; the member list must name ours.
        Command members = Command.of(config.netns(), "etcdctl", endpoint, "--dial-timeout=1s",
                "--command-timeout=1s", "member", "list");
        String ours = ", started, " + config.name() + ", ";
        long deadline = System.nanoTime() + healthTimeout.toNanos();
        String why = "no probe ran";
        while (System.nanoTime() < deadline) {
            if (process.filter(ProcessHandle::isAlive).isEmpty()) {
                throw failure(started, "exited during start-up");
            }
            Result h = executor.run(health);
            if (h.ok()) {
                Result m = executor.run(members);
                if (m.ok() && m.stdout().contains(ours)) {
                    return;
                }
                why = members.display() + ": member " + config.name() + " not listed: " + m.stdout().strip()
                        + m.stderr().strip();
            } else {
                why = health.display() + ": " + h.stderr().strip();
            }
            sleep(Duration.ofMillis(100));
        }
        throw failure(started, "not healthy within " + healthTimeout.toMillis() + " ms (" + why + ")");
    }

    private IllegalStateException failure(Command started, String what) {
        stop();
        return new IllegalStateException("etcd " + what + ": " + started.display() + "\n--- last lines of "
                + config.log() + " ---\n" + tail(config.log(), 15));
    }

    private static void terminate(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(STOP_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            handle.destroyForcibly();
            handle.onExit().join();
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("delete etcd data dir " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd", e);
        }
    }
}
