package dev.podwire.sync;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** One syncer's thread: sleeps until its {@link Schedule} says a pass is due, runs it, records the outcome. */
final class Worker {
    private static final System.Logger LOG = System.getLogger(SyncLoop.class.getName());
    final Syncer syncer;
    private final String node;
    private final Schedule schedule;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private volatile boolean stopped;
    private Thread thread;
    volatile Optional<String> lastError = Optional.empty();
    volatile long passes;

    private final java.util.function.Consumer<String> signals;
    private final SyncObserver observer;

    Worker(String node, Syncer syncer, Schedule schedule, java.util.function.Consumer<String> signals,
            SyncObserver observer) {
        this.node = node;
        this.syncer = syncer;
        this.schedule = schedule;
        this.signals = signals;
        this.observer = observer;
    }

    void start() {
        thread = Thread.ofVirtual().name("sync-" + node + "-" + syncer.name()).start(this::run);
    }

    void wake() {
        lock.lock();
        try {
            schedule.changed();
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        stopped = true;
        lock.lock();
        try {
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void join(Duration max) {
        if (thread == null) {
            return;
        }
        try {
            if (!thread.join(max)) {
                LOG.log(System.Logger.Level.WARNING, "sync worker still running at close node=" + node + " syncer="
                        + syncer.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!stopped) {
            Pass pass;
            lock.lock();
            try {
                Optional<Pass> due = schedule.due(System.nanoTime());
                if (due.isEmpty()) {
                    woken.awaitNanos(Math.max(1, schedule.waitNanos(System.nanoTime())));
                    continue;
                }
                pass = due.get();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            runOnce(pass);
        }
    }

    private void runOnce(Pass pass) {
        Outcome outcome;
        long t0 = System.nanoTime();
        try {
            outcome = syncer.sync(pass);
        } catch (RuntimeException e) {
            observer.synced(syncer.name(), pass, Duration.ofNanos(System.nanoTime() - t0), Optional.empty());
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            Duration retry;
            lock.lock();
            try {
                retry = schedule.failed(System.nanoTime());
            } finally {
                lock.unlock();
            }
            // Logged at every attempt, with the back-off: an operator sees the part is stuck and why, not one line
            // followed by silence. The stack trace only the first time.
            int failures = failuresNow();
            LOG.log(System.Logger.Level.WARNING, "sync failed node=" + node + " syncer=" + syncer.name()
                    + " pass=" + pass.name().toLowerCase(java.util.Locale.ROOT) + " failures=" + failures
                    + " retryIn=" + retry.toMillis() + "ms: " + message, failures == 1 ? e : null);
            lastError = Optional.of(message);
            passes++;
            return;
        }
        observer.synced(syncer.name(), pass, Duration.ofNanos(System.nanoTime() - t0), Optional.of(outcome));
        lock.lock();
        try {
            schedule.succeeded(System.nanoTime(), pass, outcome);
        } finally {
            lock.unlock();
        }
        if (lastError.isPresent()) {
            LOG.log(System.Logger.Level.INFO, "sync recovered node=" + node + " syncer=" + syncer.name());
        }
        lastError = Optional.empty();
        passes++;
        if (outcome instanceof Outcome.Done(var changes, var raised)) {
            raised.forEach(signals);
        }
    }

    private int failuresNow() {
        lock.lock();
        try {
            return schedule.failures();
        } finally {
            lock.unlock();
        }
    }
}
