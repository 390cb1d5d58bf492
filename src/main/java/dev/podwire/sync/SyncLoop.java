package dev.podwire.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a node's syncers, each on a worker thread of its own with its own {@link Schedule}: a change wakes only the
 * syncers that follow it, a slow or failing syncer holds up no other, and each is retried with back-off after a
 * failure and resynced at least every resync period.
 */
public final class SyncLoop implements AutoCloseable {
    /** The first retry after a failure; it doubles up to the resync period. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final String node;
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean started;

    /**
     * A loop over {@code syncers}, in the order given (which is only the order of their first runs); nothing runs
     * until {@link #start()}.
     *
     * @param node the node's name, for logs
     * @param resync the resync period (flannel's {@code --iptables-resync}: 5 s)
     */
    public SyncLoop(String node, List<Syncer> syncers, Duration resync) {
        this(node, syncers, resync, SyncObserver.NONE);
    }

    /** A loop whose every sync is reported to {@code observer} (metrics). */
    public SyncLoop(String node, List<Syncer> syncers, Duration resync, SyncObserver observer) {
        this.node = node;
        Duration maxRetry = resync.compareTo(FIRST_RETRY) > 0 ? resync : FIRST_RETRY;
        for (Syncer s : syncers) {
            workers.add(new Worker(node, s, new Schedule(resync, FIRST_RETRY, maxRetry, System.nanoTime()),
                    this::signal, observer));
        }
    }

    /** Starts every worker, each with a first {@link Pass#CHANGE} run. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (Worker w : workers) {
            w.wake();
            w.start();
        }
    }

    /** Wakes the syncers that follow changes of {@code key}. */
    public void changed(String key) {
        workers.stream().filter(w -> follows(w.syncer, key)).forEach(Worker::wake);
    }

    /** {@return the names of the syncers a change of {@code key} wakes, in loop order} */
    public List<String> wakes(String key) {
        return workers.stream().filter(w -> follows(w.syncer, key)).map(w -> w.syncer.name()).toList();
    }

    private static boolean follows(Syncer syncer, String key) {
        return syncer.wakesOn().stream().anyMatch(t -> t instanceof Trigger.Keys k && k.matches(key));
    }

    /** Wakes the syncers that follow {@code signal}. */
    public void signal(String signal) {
        Trigger wanted = Trigger.signal(signal);
        workers.stream().filter(w -> w.syncer.wakesOn().contains(wanted)).forEach(Worker::wake);
    }

    /** Wakes every syncer (a watch lost events and the cluster must be re-read). */
    public void wakeAll() {
        workers.forEach(Worker::wake);
    }

    /** {@return each syncer's last error, by name; empty for those whose last sync succeeded} */
    public Map<String, Optional<String>> errors() {
        Map<String, Optional<String>> out = new LinkedHashMap<>();
        workers.forEach(w -> out.put(w.syncer.name(), w.lastError));
        return out;
    }

    /** {@return the first syncer's error, as {@code name: message}, if any syncer's last sync failed} */
    public Optional<String> lastError() {
        return workers.stream().filter(w -> w.lastError.isPresent())
                .map(w -> w.syncer.name() + ": " + w.lastError.get()).findFirst();
    }

    /** {@return how many syncs (of any syncer) have completed, failed ones included} */
    public long passes() {
        return workers.stream().mapToLong(w -> w.passes).sum();
    }

    /** Stops every worker, waiting up to 10 s for a running sync to end, then closes the syncers. */
    @Override
    public void close() {
        workers.forEach(Worker::stop);
        for (Worker w : workers) {
            w.join(Duration.ofSeconds(10));
        }
        RuntimeException first = null;
        for (Worker w : workers) {
            try {
                w.syncer.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "SyncLoop[node=" + node + ", syncers=" + workers.stream().map(w -> w.syncer.name()).toList() + "]";
    }
}
