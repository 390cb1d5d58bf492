package dev.podwire.proxy;

/**
 * What a kube-proxy mode does differently from the others: turning a {@link ProxySnapshot} into the node's rules and
 * applying them (kube-proxy's {@code proxy.Provider}, minus the parts every mode shares). The sync loop around it
 * ({@link ProxyLoop}: when to sync, full or partial, health checks, conntrack clean-up, configuration) is the same for
 * every mode. Implementations live in their mode's package ({@code proxy.iptables}) and are chosen by
 * {@code proxy.modes.Proxiers}.
 */
public interface Proxier {
    /**
     * Programs the node for {@code snapshot} in one batched command; {@return what it did}
     *
     * @param full rewrite the whole ruleset (stale chains deleted, jumps from built-in chains ensured); otherwise only
     *     what changed since the last sync this proxier applied — a proxier that has applied nothing yet, or was
     *     {@link #reset()}, syncs fully anyway
     * @throws RuntimeException when the kernel refused: the proxier has reset itself
     */
    Applied sync(ProxySnapshot snapshot, boolean full);

    /** Forgets what was applied, so that the next sync is full (the kernel may hold anything after a failure). */
    void reset();

    /**
     * What one sync did, for the sync's log line.
     *
     * @param full whether it rewrote the whole ruleset
     * @param rules how many rules the ruleset holds
     * @param payloadLines how many lines the command was fed
     */
    record Applied(boolean full, int rules, long payloadLines) {}
}
