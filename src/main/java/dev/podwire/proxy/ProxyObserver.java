package dev.podwire.proxy;

import java.time.Duration;

/**
 * Told about every sync a {@link ProxyLoop} applied, whatever the mode: where kube-proxy's metrics
 * ({@code sync_proxy_rules_duration_seconds}, full or partial, rule counts) hook in. Called on the proxy's worker
 * thread; it must be quick and must not throw.
 */
@FunctionalInterface
public interface ProxyObserver {
    /** Observes nothing. */
    ProxyObserver NONE = (snapshot, applied, took) -> { };

    /**
     * One sync was applied.
     *
     * @param snapshot what was programmed
     * @param applied what the mode's proxier did
     * @param took how long the proxier took
     */
    void synced(ProxySnapshot snapshot, Proxier.Applied applied, Duration took);
}
