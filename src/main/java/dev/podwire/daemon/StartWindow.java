package dev.podwire.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which node agents {@code up} starts next, and when it gives up. Agents are JVMs whose start-up is CPU-bound (class
 * loading, JIT, gRPC), each with a runtime JVM of its own: started all at once on a small machine, they share the CPUs
 * evenly and every one of them finishes late — 50 agents on 2 CPUs held no lease at all after 90 s. So at most
 * {@code width} agents are starting (alive, no lease yet) at a time, and the start-up fails only when no agent has got
 * its lease for {@code stall}: progress, not the lab's size, decides. Pure: the caller feeds it times and outcomes.
 */
final class StartWindow {
    private final List<String> nodes;
    private final int width;
    private final long stallNanos;
    private final Set<String> started = new LinkedHashSet<>();
    private final Set<String> done = new HashSet<>();
    private long lastProgress;

    /**
     * @param nodes    every node, in the order to start them
     * @param width    how many agents may be starting at once (at least 1)
     * @param stall    how long without a new lease counts as stuck
     * @param nowNanos the current {@link System#nanoTime()}
     */
    StartWindow(List<String> nodes, int width, Duration stall, long nowNanos) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + width);
        }
        this.nodes = List.copyOf(nodes);
        this.width = width;
        this.stallNanos = Objects.requireNonNull(stall, "stall").toNanos();
        this.lastProgress = nowNanos;
    }

    /** {@return how many agents may start at once on a machine with this many CPUs}: two per CPU, at least two */
    static int width(int cpus) {
        return Math.max(2, 2 * cpus);
    }

    /** {@return the nodes whose agents are to be started now}, which from then on count as started */
    List<String> next() {
        List<String> out = new ArrayList<>();
        for (String n : nodes) {
            if (started.size() - done.size() >= width) {
                break;
            }
            if (started.add(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** {@return the nodes started and not done yet} */
    List<String> waiting() {
        return started.stream().filter(n -> !done.contains(n)).toList();
    }

    /** {@return the nodes not started yet} */
    List<String> pending() {
        return nodes.stream().filter(n -> !started.contains(n)).toList();
    }

    /** Records that a started node's agent holds its lease. */
    void done(String node, long nowNanos) {
        if (!started.contains(node)) {
            throw new IllegalArgumentException("node " + node + " was not started");
        }
        if (done.add(node)) {
            lastProgress = nowNanos;
        }
    }

    /** {@return whether every node's agent holds its lease} */
    boolean complete() {
        return done.size() == nodes.size();
    }

    /** {@return whether no agent has got its lease for the stall time} */
    boolean stalled(long nowNanos) {
        return !complete() && nowNanos - lastProgress > stallNanos;
    }
}
