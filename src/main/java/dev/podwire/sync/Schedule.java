package dev.podwire.sync;

import java.time.Duration;
import java.util.Optional;

/**
 * When one syncer runs, and why. Pure: times are {@link System#nanoTime()} values passed in, so tests drive it.
 *
 * <p>A failure wins over everything: the next run is a {@link Pass#RECOVER} after a doubling back-off (changes that
 * arrive meanwhile do not hurry it: the kernel or the datastore just refused, and hammering them helps nobody). Else the
 * resync period, which passes however busy the cluster keeps the watches (a rollout's pod writes must not starve the
 * routes' and rules' repair). Else a change, or a held-back change whose wait is over.
 */
final class Schedule {
    private static final long NONE = Long.MAX_VALUE;
    private final long resync;
    private final long firstRetry;
    private final long maxRetry;
    private boolean dirty;
    private long nextResync;
    private long heldUntil = NONE;
    private long retryAt = NONE;
    private int failures;

    /**
     * A schedule whose first resync is due {@code resync} after {@code now}.
     *
     * @param firstRetry the back-off after a first failure; it doubles up to {@code maxRetry}
     */
    Schedule(Duration resync, Duration firstRetry, Duration maxRetry, long now) {
        if (resync.isNegative() || resync.isZero()) {
            throw new IllegalArgumentException("resync: " + resync + " (expected: > 0)");
        }
        this.resync = resync.toNanos();
        this.firstRetry = firstRetry.toNanos();
        this.maxRetry = maxRetry.toNanos();
        this.nextResync = now + this.resync;
    }

    /** Notes a change the syncer follows. */
    void changed() {
        dirty = true;
    }

    /** {@return how long the worker may sleep from {@code now} unless a change wakes it} */
    long waitNanos(long now) {
        long due;
        if (failures > 0) {
            due = retryAt;
        } else if (dirty) {
            return 0;
        } else {
            due = earlier(nextResync, heldUntil);
        }
        return Math.max(0, due - now);
    }

    /** {@return the pass to run at {@code now}, if one is due}; taking it clears the pending change */
    Optional<Pass> due(long now) {
        Pass pass;
        if (failures > 0) {
            if (now - retryAt < 0) {
                return Optional.empty();
            }
            pass = Pass.RECOVER;
        } else if (now - nextResync >= 0) {
            pass = Pass.RESYNC;
        } else if (dirty || (heldUntil != NONE && now - heldUntil >= 0)) {
            pass = Pass.CHANGE;
        } else {
            return Optional.empty();
        }
        dirty = false;
        heldUntil = NONE;
        return Optional.of(pass);
    }

    /** Records a sync at {@code now} that ended with {@code outcome}. */
    void succeeded(long now, Pass pass, Outcome outcome) {
        failures = 0;
        retryAt = NONE;
        if (pass.full()) {
            nextResync = now + resync;
        }
        if (outcome instanceof Outcome.Later(var delay)) {
            heldUntil = now + delay.toNanos();
        }
    }

    /** Records a failed sync at {@code now}; {@return how long until the retry} */
    Duration failed(long now) {
        failures++;
        long backoff = firstRetry;
        for (int i = 1; i < failures && backoff < maxRetry; i++) {
            backoff *= 2;
        }
        backoff = Math.min(backoff, maxRetry);
        retryAt = now + backoff;
        return Duration.ofNanos(backoff);
    }

    /** {@return how many syncs in a row have failed} */
    int failures() {
        return failures;
    }

    private static long earlier(long a, long b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        return a - b < 0 ? a : b;
    }
}
