package dev.podwire.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podwire.datastore.CasResult;
import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.KeyValue;
import dev.podwire.lab.ProcessRef;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * One agent per node: an agent claims {@code /podwire/agents/<node>} with a create-if-absent write carrying a short
 * TTL and keeps it alive by rewriting it (compare-and-put on its own mod revision) well within the TTL. A second agent
 * for the same node is refused with the holder's host and PID.
 *
 * <p>When the holder was killed (kill -9), its claim outlives it by at most the TTL. A holder on this host whose
 * process is gone (PID and start time, so a recycled PID is not mistaken for it) is taken over at once; a holder on
 * another host is waited for until its claim expires. The claim's value names the holder:
 * {@code {"host": "...", "pid": 123, "startedAt": 1700000000000, "since": "2026-..."}}.
 */
public final class NodeClaim {
    /** The root of every claim. */
    public static final String PREFIX = "/podwire/agents/";
    /** How long a claim outlives a dead holder. */
    public static final Duration TTL = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Datastore store;
    private final String node;
    private final Holder me;
    private final InstantSource clock;
    private long modRevision;

    /**
     * The holder of a claim.
     *
     * @param host the holder's host name
     * @param process the holder's process
     */
    public record Holder(String host, ProcessRef process) {
        /** {@return this process on this host} */
        public static Holder self() {
            return new Holder(hostName(), ProcessRef.of(ProcessHandle.current()));
        }

        /** {@return whether this holder is a process on {@code host} that is no longer running} */
        boolean deadOn(String host) {
            return this.host.equals(host) && process.live().isEmpty();
        }
    }

    /** A claim for {@code node} by {@code me}; nothing is written until {@link #acquire}. */
    public NodeClaim(Datastore store, String node, Holder me, InstantSource clock) {
        this.store = store;
        this.node = node;
        this.me = me;
        this.clock = clock;
    }

    /** {@return the claim's key} */
    public String key() {
        return PREFIX + node;
    }

    /**
     * Claims the node, waiting up to {@code patience} for a claim of a holder that cannot be checked (another host)
     * to expire.
     *
     * @throws IllegalStateException naming the holder when another live agent manages the node
     */
    public void acquire(Duration patience) throws InterruptedException {
        Instant deadline = clock.instant().plus(patience);
        while (true) {
            switch (store.compareAndPut(key(), 0, value(), Optional.of(TTL))) {
                case CasResult.Written(var revision) -> {
                    modRevision = revision;
                    return;
                }
                case CasResult.Conflict(var expected, var current) -> {
                    if (current.isEmpty()) {
                        continue;
                    }
                    Optional<Holder> holder = parse(current.get());
                    if (holder.isPresent() && holder.get().deadOn(me.host())) {
                        // Its process is gone: take the claim over in place (the write fails if anyone else did).
                        if (store.compareAndPut(key(), current.get().modRevision(), value(), Optional.of(TTL))
                                instanceof CasResult.Written(var revision)) {
                            modRevision = revision;
                            return;
                        }
                        continue;
                    }
                    boolean sameHost = holder.map(h -> h.host().equals(me.host())).orElse(false);
                    if (sameHost || clock.instant().isAfter(deadline)) {
                        throw new IllegalStateException("node " + node + " is already managed by "
                                + holder.map(NodeClaim::describe).orElse("an agent (unreadable claim)")
                                + " (claim " + key() + " in etcd); stop that agent first"
                                + (sameHost ? "" : ", or wait " + TTL.toSeconds() + " s for the claim of a dead"
                                        + " agent to expire"));
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    /**
     * Keeps the claim alive; call at least every TTL/3. {@return false when another agent took the node over}
     * When the claim is gone (it expired while etcd was unreachable, or was deleted by hand), it is taken again.
     */
    public boolean renew() {
        long expected = modRevision;
        // Our own key may move under us: a renewal that timed out during an outage can still land, and the key can
        // expire the moment etcd resumes. Only another holder's name in it means the node was taken over.
        for (int attempt = 0; attempt < 5; attempt++) {
            switch (store.compareAndPut(key(), expected, value(), Optional.of(TTL))) {
                case CasResult.Written(var revision) -> {
                    modRevision = revision;
                    return true;
                }
                case CasResult.Conflict(var ignored, var current) -> {
                    if (current.isPresent() && parse(current.get()).filter(me::equals).isEmpty()) {
                        return false;
                    }
                    expected = current.map(KeyValue::modRevision).orElse(0L);
                }
            }
        }
        throw new dev.podwire.datastore.DatastoreUnavailableException("claim " + key()
                + " kept changing while being renewed; retrying");
    }

    /** Gives the claim up (a clean stop), if it is still ours. */
    public void release() {
        Optional<KeyValue> current = store.get(key());
        if (current.isPresent() && parse(current.get()).filter(me::equals).isPresent()) {
            store.delete(key());
        }
    }

    private String value() {
        ObjectNode o = JSON.createObjectNode();
        o.put("host", me.host());
        o.put("pid", me.process().pid());
        o.put("startedAt", me.process().startedAtMillis());
        return o.toString();
    }

    /** {@return the holder a claim's value names, when it parses} */
    static Optional<Holder> parse(KeyValue kv) {
        try {
            JsonNode o = JSON.readTree(kv.value());
            if (!o.path("host").isTextual() || !o.path("pid").canConvertToLong()) {
                return Optional.empty();
            }
            return Optional.of(new Holder(o.get("host").asText(), new ProcessRef(o.get("pid").asLong(),
                    o.path("startedAt").asLong(0))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String describe(Holder h) {
        return "the agent with pid " + h.process().pid() + " on host " + h.host();
    }

    private static String hostName() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
