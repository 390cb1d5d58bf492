package dev.podwire.datastore.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.podwire.datastore.CasResult;
import dev.podwire.datastore.Datastore;
import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.KeyValue;
import dev.podwire.datastore.Keys;
import dev.podwire.datastore.Watch;
import dev.podwire.datastore.WatchEvent;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link Datastore} backed by a real etcd v3 cluster through jetcd, with the same semantics as the in-memory store:
 * keys and values are stored as UTF-8 exactly as given (so {@code etcdctl get --prefix /coreos.com/network/} shows
 * flannel's JSON leases and {@code /registry/...} shows Kubernetes objects), revisions are etcd's own, a TTL'd write
 * attaches the key to a fresh etcd lease of that TTL (flannel's way), and compare-and-put is one transaction on the
 * key's mod revision.
 *
 * <p><b>Differences from {@link dev.podwire.datastore.InMemoryDatastore}.</b> etcd's revision starts at 1, not 0, and
 * etcd expires leased keys itself (at least ~2 s after the deadline for short TTLs: etcd's minimum lease TTL). Watch
 * listeners run on one thread per watch, never on the writer's thread, so a writer may return before its event is
 * delivered.
 *
 * <p><b>Failures.</b> Every call waits at most the request timeout given to {@link #connect} and then throws
 * {@link DatastoreUnavailableException} naming the endpoints; watches survive outages on their own (see
 * {@link EtcdWatch}).
 */
public final class EtcdDatastore implements Datastore, AutoCloseable {
    /** The request timeout the agent uses unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(EtcdDatastore.class.getName());

    private final EtcdEndpoints endpoints;
    private final Connection connection;
    private final Calls calls;
    private final LeaseTable leases;
    private final List<EtcdWatch> watches = new java.util.concurrent.CopyOnWriteArrayList<>();

    private EtcdDatastore(EtcdEndpoints endpoints, Duration timeout, InstantSource clock) {
        this.endpoints = endpoints;
        this.connection = new Connection(endpoints, timeout);
        this.calls = new Calls(endpoints, timeout, connection::replaceIfReachable);
        this.leases = new LeaseTable(connection::leases, calls, clock);
        connection.afterReplace(() -> watches.forEach(EtcdWatch::reopen));
    }

    /**
     * {@return a store connected to {@code endpoints}}, after one real request proved etcd answers.
     *
     * @param timeout the bound on every call; the first read, which also starts jetcd, may take three times as long
     * @throws DatastoreUnavailableException when etcd does not answer within {@code timeout}, with the endpoints, the
     *     reason (e.g. "connection refused") and what to do
     */
    public static EtcdDatastore connect(EtcdEndpoints endpoints, Duration timeout) {
        requireNonNull(endpoints, "endpoints");
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: positive)");
        }
        // jetcd retries a refused connection silently until the deadline; a plain TCP connect first says why at once.
        List<String> refusals = new ArrayList<>();
        for (var uri : endpoints.uris()) {
            Optional<String> why = Connection.tcpProbe(uri, timeout);
            if (why.isEmpty()) {
                refusals.clear();
                break;
            }
            refusals.add(endpoints.uris().size() == 1 ? why.get() : uri + ": " + why.get());
        }
        if (!refusals.isEmpty()) {
            throw new DatastoreUnavailableException("cannot reach etcd at " + endpoints + ": "
                    + String.join(", ", refusals) + "; is etcd running? start it or pass --etcd-endpoints");
        }
        EtcdDatastore store = new EtcdDatastore(endpoints, timeout, InstantSource.system());
        try {
            // The first call also starts jetcd's machinery (gRPC, Netty, Vert.x: seconds on a loaded machine); an
            // endpoint that refuses was already reported by the TCP check, so this one may take longer.
            store.calls.await(store.kv().get(bytes("/"), GetOption.builder().withCountOnly(true).withLimit(1).build()),
                    "a first read", timeout.multipliedBy(3));
        } catch (DatastoreUnavailableException e) {
            store.connection.close();
            String why = e.getCause() instanceof java.util.concurrent.TimeoutException
                    ? "the port accepts connections but no etcd answered within " + timeout.multipliedBy(3).toMillis()
                            + " ms"
                    : Calls.describe(e.getCause() == null ? e : e.getCause());
            throw new DatastoreUnavailableException("cannot reach etcd at " + endpoints + ": " + why
                    + "; is etcd running? start it or pass --etcd-endpoints", e);
        }
        return store;
    }

    /** {@return the endpoints this store talks to} */
    public EtcdEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public long put(String key, String value, Optional<Duration> ttl) {
        Datastore.requireValidPut(key, value, ttl);
        PutResponse r = leasedWrite(key, ttl, option -> calls.await(kv().put(bytes(key), bytes(value), option),
                "put " + key), Optional::of);
        return r.getHeader().getRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        Keys.requireValid(key);
        GetResponse r = calls.await(kv().get(bytes(key)), "get " + key);
        return convert(r.getKvs()).stream().findFirst();
    }

    @Override
    public List<KeyValue> list(String prefix) {
        requireNonNull(prefix, "prefix");
        GetOption option = GetOption.builder().isPrefix(true).build();
        // etcd returns a range sorted by key bytes; for UTF-8 that is code-point order, String order for our keys.
        return convert(calls.await(kv().get(bytes(prefix), option), "list " + prefix).getKvs());
    }

    @Override
    public boolean delete(String key) {
        Keys.requireValid(key);
        return calls.await(kv().delete(bytes(key), DeleteOption.DEFAULT), "delete " + key).getDeleted() > 0;
    }

    @Override
    public CasResult compareAndPut(String key, long expectedModRevision, String value, Optional<Duration> ttl) {
        Datastore.requireValidCompareAndPut(key, expectedModRevision, value, ttl);
        // etcd compares an absent key as mod revision 0, which is exactly "create only if absent".
        TxnResponse r = leasedWrite(key, ttl, option -> calls.await(kv().txn()
                        .If(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                        .Then(Op.put(bytes(key), bytes(value), option))
                        .Else(Op.get(bytes(key), GetOption.DEFAULT))
                        .commit(), "compare-and-put " + key + " at mod revision " + expectedModRevision),
                txn -> txn.isSucceeded() ? Optional.of(txn.getPutResponses().getFirst()) : Optional.empty());
        if (r.isSucceeded()) {
            return new CasResult.Written(r.getHeader().getRevision());
        }
        Optional<KeyValue> current = convert(r.getGetResponses().getFirst().getKvs()).stream().findFirst();
        return new CasResult.Conflict(expectedModRevision, current);
    }

    /**
     * Runs one write of {@code key} with the lease its TTL needs: granted first (flannel's one lease per TTL'd write),
     * revoked again when the write fails or does not happen, and the key's previous lease revoked once the key moved
     * off it (flannel lets it run out; we tidy up).
     *
     * @param write the write, given the put option (previous key wanted, the lease attached)
     * @param put the write's put, empty when it did not write (a compare-and-put conflict)
     */
    private <T> T leasedWrite(String key, Optional<Duration> ttl, Function<PutOption, T> write,
            Function<T, Optional<PutResponse>> put) {
        long lease = ttl.map(d -> leases.grant(d, key)).orElse(0L);
        PutOption.Builder option = PutOption.builder().withPrevKV();
        if (lease != 0) {
            option.withLeaseId(lease);
        }
        T result;
        try {
            result = write.apply(option.build());
        } catch (DatastoreUnavailableException e) {
            leases.releaseIfOurs(lease);
            throw e;
        }
        put.apply(result).ifPresentOrElse(p -> {
            if (p.hasPrevKv() && p.getPrevKv().getLease() != lease) {
                leases.releaseIfOurs(p.getPrevKv().getLease());
            }
        }, () -> leases.releaseIfOurs(lease));
        return result;
    }

    @Override
    public Watch watch(String prefix, long fromRevision, Consumer<WatchEvent> listener) {
        requireNonNull(prefix, "prefix");
        requireNonNull(listener, "listener");
        if (fromRevision < 0) {
            throw new IllegalArgumentException("fromRevision: " + fromRevision + " (expected: >= 0)");
        }
        EtcdWatch watch = new EtcdWatch(this, connection::watches, prefix, fromRevision, listener, watches::remove);
        watches.add(watch);
        watch.start();
        return watch;
    }

    @Override
    public long revision() {
        GetOption option = GetOption.builder().withCountOnly(true).withLimit(1).build();
        return calls.await(kv().get(bytes("/"), option), "read the revision").getHeader().getRevision();
    }

    /**
     * Compacts etcd's history up to {@code revision} (what etcd's {@code --auto-compaction-*} does on its own);
     * watches that later ask for older revisions see {@link WatchEvent.Compacted}.
     */
    public void compact(long revision) {
        calls.await(kv().compact(revision), "compact to revision " + revision);
    }

    /** {@return up to {@code limit} keys under {@code prefix}, without values}, for error messages */
    public List<String> sampleKeys(String prefix, int limit) {
        GetOption option = GetOption.builder().isPrefix(true).withKeysOnly(true).withLimit(limit).build();
        List<String> out = new ArrayList<>();
        for (var k : calls.await(kv().get(bytes(prefix), option), "list keys under " + prefix).getKvs()) {
            out.add(k.getKey().toString(UTF_8));
        }
        return out;
    }

    /** Stops every watch and closes the connection. */
    @Override
    public void close() {
        for (EtcdWatch w : List.copyOf(watches)) {
            w.close();
        }
        connection.close();
    }

    private KV kv() {
        return connection.kv();
    }

    Calls calls() {
        return calls;
    }

    LeaseTable leases() {
        return leases;
    }

    /** {@return the keys as podwire's records, with each lease's deadline looked up once} */
    List<KeyValue> convert(List<io.etcd.jetcd.KeyValue> kvs) {
        Map<Long, Instant> deadlines = leases.deadlines(kvs.stream().map(io.etcd.jetcd.KeyValue::getLease).toList());
        List<KeyValue> out = new ArrayList<>(kvs.size());
        for (io.etcd.jetcd.KeyValue k : kvs) {
            out.add(convert(k, Optional.ofNullable(deadlines.get(k.getLease()))));
        }
        return out;
    }

    static KeyValue convert(io.etcd.jetcd.KeyValue k, Optional<Instant> expires) {
        return new KeyValue(k.getKey().toString(UTF_8), k.getValue().toString(UTF_8), k.getCreateRevision(),
                k.getModRevision(), expires);
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }

    static System.Logger log() {
        return LOG;
    }
}
