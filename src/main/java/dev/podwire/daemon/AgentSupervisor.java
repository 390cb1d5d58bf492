package dev.podwire.daemon;

import dev.podwire.host.InteractiveExec;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.ProcessRef;
import dev.podwire.labfile.NodeSpec;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Runs one {@code podwire agent} process per node in etcd datastore mode, as systemd would run flanneld with
 * {@code Restart=always}: each agent starts inside its node's namespace ({@code nsenter --net}, which keeps the host's
 * mount namespace so the pod namespaces it adds are visible to everyone), detached ({@code setsid}), logging to
 * {@code /run/podwire/<lab>/<node>-agent.log}, recorded in the lab record so that {@code down} ends it by PID even
 * without the daemon. An agent that exits is started again after a back-off (1 s, doubling up to 10 s) unless its
 * node's namespace is gone.
 */
final class AgentSupervisor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentSupervisor.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final LabRuntime runtime;
    private final List<URI> endpoints;
    private final Map<String, ProcessHandle> agents = new ConcurrentHashMap<>();
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private volatile boolean closed;

    AgentSupervisor(LabRuntime runtime, List<URI> endpoints) {
        this.runtime = runtime;
        this.endpoints = List.copyOf(endpoints);
    }

    /** Starts the supervising thread; agents start with {@link #start(String)}, and only those are supervised. */
    void start() {
        Thread.ofPlatform().daemon(true).name("agent-supervisor").start(this::supervise);
    }

    /** Starts a node's agent (once; from then on it is restarted when it exits). */
    void start(String node) {
        if (runtime.lab().nodes().stream().noneMatch(n -> n.name().equals(node))) {
            throw new IllegalArgumentException("no node " + node + " in lab " + runtime.lab().name());
        }
        if (!closed && !agents.containsKey(node)) {
            spawn(node);
        }
    }

    /** {@return the running agent of a node} */
    Optional<ProcessHandle> agent(String node) {
        return Optional.ofNullable(agents.get(node)).filter(ProcessHandle::isAlive);
    }

    /** {@return how often each node's agent was restarted} */
    Map<String, Integer> restarts() {
        return Map.copyOf(restarts);
    }

    private void spawn(String node) {
        LabNames names = runtime.names();
        Path log = Path.of(names.agentLog(node));
        try {
            ProcessHandle h = InteractiveExec.spawnDetached(argv(node), log);
            agents.put(node, h);
            runtime.book().record(r -> r.withProcess(ProcessRef.of(h)));
            LOG.log(System.Logger.Level.INFO, "agent started node=" + node + " pid=" + h.pid() + " log=" + log);
        } catch (IOException e) {
            throw new UncheckedIOException("start the agent of node " + node + ": " + e.getMessage(), e);
        }
    }

    private List<String> argv(String node) {
        Netns ns = runtime.names().machine(node);
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + ns.path(), "--"));
        argv.addAll(dev.podwire.host.JavaCommand.argv("dev.podwire.cli.Main"));
        argv.addAll(List.of("agent", "--node", node, "--etcd-endpoints",
                endpoints.stream().map(URI::toString).collect(Collectors.joining(",")), "--lab",
                runtime.lab().name()));
        return argv;
    }

    private void supervise() {
        Map<String, Instant> due = new ConcurrentHashMap<>();
        Map<String, Duration> backoff = new ConcurrentHashMap<>();
        while (!closed) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            for (NodeSpec n : runtime.lab().nodes()) {
                ProcessHandle h = agents.get(n.name());
                if (closed || h == null || h.isAlive()) {
                    continue;
                }
                Instant now = Instant.now();
                if (!due.containsKey(n.name())) {
                    Duration wait = backoff.getOrDefault(n.name(), FIRST_BACKOFF);
                    due.put(n.name(), now.plus(wait));
                    backoff.put(n.name(), wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
                            : wait.multipliedBy(2));
                    LOG.log(System.Logger.Level.WARNING, "agent exited node=" + n.name() + " pid=" + h.pid()
                            + " restart-in=" + wait.toMillis() + "ms log=" + runtime.names().agentLog(n.name()));
                } else if (!now.isBefore(due.get(n.name()))) {
                    due.remove(n.name());
                    if (!Files.exists(Path.of(runtime.names().machine(n.name()).path()))) {
                        LOG.log(System.Logger.Level.WARNING, "node namespace gone, not restarting its agent node="
                                + n.name());
                        agents.remove(n.name());
                        continue;
                    }
                    restarts.merge(n.name(), 1, Integer::sum);
                    spawn(n.name());
                }
            }
            // An agent that has run for a while restarts quickly again next time.
            agents.forEach((node, h) -> h.info().startInstant().filter(s -> s.isBefore(Instant.now()
                    .minus(MAX_BACKOFF.multipliedBy(3)))).ifPresent(s -> backoff.remove(node)));
        }
    }

    /** Stops supervising and ends every agent (SIGTERM: workloads close, claims are released; then SIGKILL). */
    @Override
    public void close() {
        closed = true;
        List<ProcessHandle> all = new ArrayList<>(agents.values());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                // An agent's clean stop (its loop, its servers, the claim released) may take a while on a busy etcd.
                h.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }
}
