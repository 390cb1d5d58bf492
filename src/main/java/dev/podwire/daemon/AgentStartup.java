package dev.podwire.daemon;

import dev.podwire.agent.NodeClaim;
import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.KeyValue;
import dev.podwire.labfile.NodeSpec;
import dev.podwire.subnet.LeaseAttrs;
import dev.podwire.subnet.LeaseKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the node agents and waits until every one has claimed its node and holds a flannel lease in etcd, as
 * {@code up} reports it. Agents start a few at a time ({@link StartWindow}): the next one starts when one before it
 * holds its lease, and the start-up fails when none got its lease for the timeout. An agent that exits before that
 * fails the start-up with the end of its log, which says why (etcd unreachable from the node, a second agent, ...).
 */
final class AgentStartup {
    private AgentStartup() {}

    /**
     * {@return one progress line per node, in the lab's order}
     *
     * @param stall how long without a new lease counts as stuck
     */
    static List<String> await(LabRuntime runtime, AgentSupervisor agents, Duration stall)
            throws InterruptedException {
        long t0 = System.nanoTime();
        StartWindow window = new StartWindow(runtime.lab().nodes().stream().map(NodeSpec::name).toList(),
                StartWindow.width(Runtime.getRuntime().availableProcessors()), stall, t0);
        Map<String, NodeSpec> specs = new LinkedHashMap<>();
        runtime.lab().nodes().forEach(n -> specs.put(n.name(), n));
        Map<String, String> done = new LinkedHashMap<>();
        while (!window.complete()) {
            window.next().forEach(agents::start);
            for (String name : window.waiting()) {
                NodeSpec n = specs.get(name);
                Optional<ProcessHandle> h = agents.agent(name);
                if (h.isEmpty()) {
                    throw new IllegalStateException("the agent of node " + name + " exited during start-up; "
                            + runtime.names().agentLog(name) + " ends with:\n" + tail(runtime.names()
                            .agentLog(name)));
                }
                Optional<String> lease = lease(runtime, n).filter(l -> runtime.cluster().datastore()
                        .get(NodeClaim.PREFIX + name).isPresent());
                if (lease.isPresent()) {
                    done.put(name, "node " + name + ": agent pid " + h.get().pid() + ", lease " + lease.get() + " ("
                            + LabRuntime.ms(t0) + ")");
                    window.done(name, System.nanoTime());
                }
            }
            if (window.stalled(System.nanoTime())) {
                List<String> waiting = window.waiting();
                throw new IllegalStateException("no agent got its lease in the last " + stall.toSeconds() + " s; "
                        + "started, without a lease: " + waiting + ", not started: " + window.pending().size()
                        + "; see " + runtime.names().agentLog(waiting.getFirst()));
            }
            Thread.sleep(100);
        }
        return runtime.lab().nodes().stream().map(n -> done.get(n.name())).toList();
    }

    private static Optional<String> lease(LabRuntime runtime, NodeSpec n) {
        try {
            for (KeyValue kv : runtime.cluster().datastore().list(LeaseKey.DEFAULT.subnetsPrefix())) {
                try {
                    if (LeaseAttrs.parse(kv.value()).publicIp().equals(n.address())) {
                        return LeaseKey.DEFAULT.parseLeaseKey(kv.key()).map(Object::toString);
                    }
                } catch (IllegalArgumentException e) {
                    // Not a lease podwire can read; flannel skips those too.
                }
            }
        } catch (DatastoreUnavailableException e) {
            // etcd is still settling; ask again.
        }
        return Optional.empty();
    }

    private static String tail(String log) {
        try {
            List<String> lines = Files.readAllLines(Path.of(log));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
