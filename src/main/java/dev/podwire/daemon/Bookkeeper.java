package dev.podwire.daemon;

import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.lab.LabNames;
import dev.podwire.lab.LabRecord;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Keeps a running lab's books, which make {@code down} and recovery work without the daemon: the {@link LabRecord}
 * on disk (every namespace and process the lab starts, recorded by whoever starts it), and once a second the
 * datastore's housekeeping — in memory, TTL expiry and a snapshot to {@code store.json} whenever the revision moved;
 * in etcd mode, the {@link LeaseReaper} of nodes whose agent is gone.
 */
final class Bookkeeper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Bookkeeper.class.getName());

    private final LabNames names;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("lab-timers").factory());
    private volatile boolean closed;
    // Only the timer thread reads and writes it.
    private long lastSnapshot = -1;

    /** @param names the lab's names; its record lives in {@link LabNames#stateDir()} */
    Bookkeeper(LabNames names) {
        this.names = names;
    }

    /** Changes the lab record on disk (serialized: agents report processes from their own threads). */
    void record(UnaryOperator<LabRecord> change) {
        if (closed) {
            // `down` removes the lab's state directory; a late change must not bring a ghost record back.
            LOG.log(System.Logger.Level.DEBUG, "lab record change after close ignored");
            return;
        }
        // `up` writes the record before it starts the daemon; a daemon started by hand may have none yet.
        if (!LabRecord.update(names, change)) {
            change.apply(new LabRecord(names.lab(), ProcessHandle.current().pid(), List.of(), List.of(), List.of()))
                    .write();
        }
    }

    /**
     * Starts the housekeeping, once a second until {@link #close()}: with a reaper (etcd mode) only the reaper runs;
     * otherwise the memory store expires its due leases and is snapshotted when it changed.
     */
    void startHousekeeping(InMemoryDatastore memory, Optional<LeaseReaper> reaper, InstantSource clock) {
        timers.scheduleWithFixedDelay(() -> housekeeping(memory, reaper, clock), 1, 1, TimeUnit.SECONDS);
    }

    private void housekeeping(InMemoryDatastore memory, Optional<LeaseReaper> reaper, InstantSource clock) {
        try {
            if (reaper.isPresent()) {
                reaper.get().check(clock.instant());
                return;
            }
            memory.expireDue();
            long rev = memory.revision();
            if (rev != lastSnapshot) {
                memory.snapshotTo(Path.of(names.stateDir(), "store.json"));
                lastSnapshot = rev;
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "housekeeping failed: " + e.getMessage());
        }
    }

    /** Stops the housekeeping and ignores record changes from now on: the teardown owns the record. */
    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
    }
}
