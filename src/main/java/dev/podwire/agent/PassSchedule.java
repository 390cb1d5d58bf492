package dev.podwire.agent;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * When a node agent's loop wakes and which parts of the pass it runs: the parts a change touched, a partial proxy sync
 * that kube-proxy's {@code minSyncPeriod} held back once it may run, and every part at least once per resync period
 * however busy the cluster keeps the watches (a rollout's pod writes must not starve the routes' and rules' resync).
 * Pure: times are {@link System#nanoTime} values passed in.
 */
final class PassSchedule {
    private static final long NONE = Long.MAX_VALUE;
    private final long resync;
    private long lastAll;
    private long proxyDue = NONE;

    /** A schedule whose first full pass is due {@code resync} after {@code now}. */
    PassSchedule(Duration resync, long now) {
        this.resync = resync.toNanos();
        this.lastAll = now;
    }

    /** {@return how long the loop may sleep from {@code now} unless a change wakes it} */
    long waitNanos(long now) {
        long due = lastAll + resync;
        if (proxyDue != NONE && proxyDue - due < 0) {
            due = proxyDue;
        }
        return Math.max(0, due - now);
    }

    /**
     * {@return the parts to run at {@code now}}: every part after a failure ({@code full}) or when the resync period
     * has passed, else those {@code dirty} names plus a held-back proxy sync that has come due; empty: sleep again
     */
    Set<SyncPart> due(long now, Set<SyncPart> dirty, boolean full) {
        boolean all = full || now - lastAll >= resync;
        Set<SyncPart> parts = all ? EnumSet.allOf(SyncPart.class) : EnumSet.copyOf(dirty);
        if (proxyDue != NONE && now - proxyDue >= 0) {
            parts.add(SyncPart.PROXY);
        }
        if (parts.contains(SyncPart.PROXY)) {
            proxyDue = NONE;
        }
        if (all) {
            lastAll = now;
        }
        return parts;
    }

    /** Records what the proxy sync at {@code now} said: how long a partial sync it held back must wait, if any. */
    void proxySynced(long now, Optional<Duration> heldBack) {
        proxyDue = heldBack.map(d -> now + d.toNanos() + 1_000_000).orElse(NONE);
    }
}
