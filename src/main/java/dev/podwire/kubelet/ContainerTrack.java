package dev.podwire.kubelet;

import dev.podwire.runtime.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * kubelet's memory of one container across its restarts: how often it was restarted, how it ended last, what it waits
 * for, and its restart back-off (10 s, doubling to 5 min, forgotten after 10 min of running — kubelet's
 * {@code backOffPeriod}/{@code MaxContainerBackOff}). The first restart is immediate, as in kubelet, and sets the
 * back-off; a container that ends again within it waits in {@code CrashLoopBackOff}. Decisions are made by {@link #observe} from what the
 * runtime reports; not thread-safe (one pod syncer owns it).
 */
final class ContainerTrack {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final Duration RESET_AFTER = Duration.ofMinutes(10);

    /**
     * How a container ended.
     *
     * @param exitCode its exit status
     * @param reason kubelet's word for it: {@code Completed} (0), {@code Error}, or {@code StartError}
     * @param message what the runtime said, if anything
     */
    record Terminated(int exitCode, String reason, Instant startedAt, Instant finishedAt, String message) {}

    /**
     * Why a container is not running, in kubelet's words.
     *
     * @param reason {@code ContainerCreating}, {@code RunContainerError}, {@code CrashLoopBackOff}
     * @param message the details, e.g. containerd's error or the back-off
     */
    record Waiting(String reason, String message) {}

    /** What the pod syncer should do with the container now. */
    enum Action { NONE, START }

    private final String name;
    private final String podRef;
    private int restarts;
    private Optional<Instant> running = Optional.empty();
    private Optional<Terminated> last = Optional.empty();
    private Optional<Terminated> done = Optional.empty();
    private Waiting waiting = new Waiting("ContainerCreating", "");
    private Duration backoff = Duration.ZERO;
    private Instant retryAt = Instant.EPOCH;
    private boolean started;

    /**
     * @param name the container's name
     * @param podRef kubelet's way to name the pod in messages: {@code <name>_<namespace>(<uid>)}
     */
    ContainerTrack(String name, String podRef) {
        this.name = name;
        this.podRef = podRef;
    }

    /**
     * Takes in what the runtime says of the container and {@return whether to start it now}
     *
     * @param state the runtime's state of it; empty when the runtime does not have it (never started, or lost with a
     *     runtime that died)
     * @param restart whether an end of this exit code is to be followed by a restart ({@code restartPolicy})
     */
    Action observe(Optional<ContainerState> state, java.util.function.IntPredicate restart, Instant now) {
        if (state.isPresent() && state.get().isRunning()) {
            Instant since = state.get().started();
            running = Optional.of(since);
            waiting = null;
            started = true;
            if (!backoff.isZero() && Duration.between(since, now).compareTo(RESET_AFTER) >= 0) {
                backoff = Duration.ZERO;
            }
            return Action.NONE;
        }
        if (running.isPresent()) {
            // It ran and is gone: the runtime reports how it ended, or lost it (its runtime died with it).
            Instant startedAt = running.get();
            Terminated end = state.map(s -> new Terminated(s.exitCode(), s.exitCode() == 0 ? "Completed" : "Error",
                    startedAt, s.finished().orElse(now), "")).orElseGet(() -> new Terminated(
                    ContainerState.UNKNOWN_EXIT, "Error", startedAt, now, "the container's runtime lost it"));
            running = Optional.empty();
            last = Optional.of(end);
            if (!restart.test(end.exitCode())) {
                done = Optional.of(end);
                waiting = null;
                return Action.NONE;
            }
            return restartOrWait(now);
        }
        if (done.isPresent()) {
            return Action.NONE;
        }
        if (!started || !now.isBefore(retryAt)) {
            return Action.START;
        }
        return Action.NONE;
    }

    // kubelet restarts at once the first time, then only after the back-off has passed since the last try.
    private Action restartOrWait(Instant now) {
        if (backoff.isZero() || !now.isBefore(retryAt)) {
            return Action.START;
        }
        waiting = crashLoop();
        return Action.NONE;
    }

    private Waiting crashLoop() {
        return new Waiting("CrashLoopBackOff", "back-off " + dev.podwire.labfile.GoDuration.format(backoff)
                + " restarting failed container=" + name + " pod=" + podRef);
    }

    /** Records a start that succeeded at {@code now}. */
    void startedAt(Instant now) {
        restarted(now);
        running = Optional.of(now);
        waiting = null;
    }

    /** Records a start that failed at {@code now} with the runtime's {@code message}. */
    void failedToStart(String message, Instant now) {
        restarted(now);
        last = Optional.of(new Terminated(128, "StartError", now, now, message));
        waiting = new Waiting("RunContainerError", message);
    }

    // Every start after the first is a restart: it counts, and it moves the back-off on (kubelet's backOff.Next).
    private void restarted(Instant now) {
        if (started) {
            restarts++;
            nextBackoff(now);
        }
        started = true;
    }

    private void nextBackoff(Instant now) {
        backoff = backoff.isZero() ? FIRST_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
        retryAt = now.plus(backoff);
    }

    /** {@return when a container waiting in back-off may be started again, if it waits} */
    Optional<Instant> retryAt() {
        return waiting != null && done.isEmpty() && running.isEmpty() ? Optional.of(retryAt) : Optional.empty();
    }

    String name() {
        return name;
    }

    int restarts() {
        return restarts;
    }

    /** {@return since when it runs, if it does} */
    Optional<Instant> running() {
        return running;
    }

    /** {@return why it does not run, if it waits} */
    Optional<Waiting> waiting() {
        return running.isPresent() || done.isPresent() ? Optional.empty() : Optional.ofNullable(waiting);
    }

    /** {@return how it ended for good, if it will not be restarted} */
    Optional<Terminated> done() {
        return done;
    }

    /** {@return how it ended last time, if it ended before} */
    Optional<Terminated> last() {
        return done.isPresent() ? Optional.empty() : last;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
