package dev.podwire.daemon;

import dev.podwire.datastore.CasResult;
import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.etcd.EtcdDatastore;
import dev.podwire.datastore.etcd.EtcdEndpoints;
import dev.podwire.datastore.etcd.EtcdProcess;
import dev.podwire.datastore.Keys;
import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.lab.LabNames;
import dev.podwire.labfile.LabSpec;
import dev.podwire.labfile.SegmentSpec;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The etcd of a lab in etcd datastore mode, and the daemon's connection to it.
 *
 * <p>Unless the lab names endpoints, the lab runs a real etcd (Debian's {@code etcd-server}) in its own namespace
 * {@code <lab>-podwire.etcd}, attached to the first segment's bridge like a control-plane host, listening on a free
 * segment address ({@link EtcdAddress}) for clients (2379) and peers (2380): node agents, which live in the node
 * namespaces, reach it over the underlay. The daemon lives in the host's namespace and reaches etcd through
 * {@link EtcdRelay} on loopback, so the host's namespace gets no link or route. With endpoints given (an etcd the host
 * reaches, such as one on its loopback), the daemon connects to them directly and the agents through a relay listening
 * on the same segment address inside {@code <lab>-podwire.etcd}; the etcd must hold nothing of a lab yet, and the lab's
 * keys are deleted from it at {@code down}.
 */
final class LabEtcd implements AutoCloseable {
    static final int CLIENT_PORT = 2379;
    static final int PEER_PORT = 2380;
    private static final Duration CONNECT_PATIENCE = Duration.ofSeconds(30);
    private final Optional<EtcdProcess> process;
    private final EtcdRelay relay;
    private final EtcdDatastore store;
    private final List<URI> agentEndpoints;
    private final String owner;

    private LabEtcd(Optional<EtcdProcess> process, EtcdRelay relay, EtcdDatastore store, List<URI> agentEndpoints,
            String owner) {
        this.owner = owner;
        this.process = process;
        this.relay = relay;
        this.store = store;
        this.agentEndpoints = agentEndpoints;
    }

    /** {@return the lab's etcd, started (or the given one, connected) and reachable through the relay} */
    static LabEtcd start(LabSpec lab, LabNames names, Bookkeeper book, Executor executor) {
        List<URI> given = lab.datastore().endpoints();
        Ipv4 address = EtcdAddress.of(lab).orElseThrow(() -> new IllegalStateException("no free address on segment "
                + lab.underlay().segments().getFirst().name() + " for the lab's etcd; use a larger subnet"));
        Netns ns = buildNamespace(lab, names, book, executor, address);
        InetSocketAddress inLab = new InetSocketAddress(address.toString(), CLIENT_PORT);
        if (given.isEmpty()) {
            return startOwn(lab, names, book, executor, ns, address);
        }
        // An etcd of the user's is reachable from the host, not from the lab's isolated underlay: agents reach it
        // through a relay on the lab's etcd address, and the daemon, which lives in the host's namespace, directly.
        EtcdRelay relay;
        try {
            relay = EtcdRelay.fromNamespace(ns, inLab, given.stream()
                    .map(u -> new InetSocketAddress(u.getHost(), u.getPort())).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("start the etcd relay in " + ns + ": " + e.getMessage(), e);
        }
        try {
            EtcdDatastore store = connect(new EtcdEndpoints(given), "the host");
            requireUnused(store, given, lab.name());
            return new LabEtcd(Optional.empty(), relay, store, List.of(URI.create("http://" + address + ":"
                    + CLIENT_PORT)), lab.name());
        } catch (RuntimeException e) {
            relay.close();
            throw e;
        }
    }

    private static LabEtcd startOwn(LabSpec lab, LabNames names, Bookkeeper book, Executor executor, Netns ns,
            Ipv4 address) {
        EtcdProcess etcd = EtcdProcess.start(new EtcdProcess.Config("podwire-" + lab.name(), ns, address.toString(),
                CLIENT_PORT, PEER_PORT, Path.of(names.stateDir(), "etcd"),
                Path.of(names.stateDir(), "etcd.log")), executor, Duration.ofSeconds(30));
        try {
            etcd.process().ifPresent(p -> book.record(r -> r.withProcess(p)));
            URI first = etcd.endpoints().uris().getFirst();
            EtcdRelay relay = EtcdRelay.toNamespace(ns, new InetSocketAddress(first.getHost(), first.getPort()));
            try {
                EtcdDatastore store = connect(EtcdEndpoints.of(URI.create("http://127.0.0.1:" + relay.port())),
                        "namespace " + ns);
                return new LabEtcd(Optional.of(etcd), relay, store, etcd.endpoints().uris(), lab.name());
            } catch (RuntimeException e) {
                relay.close();
                throw e;
            }
        } catch (IOException e) {
            etcd.stop();
            throw new UncheckedIOException("start the etcd relay: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            etcd.stop();
            throw e;
        }
    }

    // The first call also loads gRPC and sets its channel up, which a busy machine may take longer than one call's
    // timeout to do: retry for a while before calling etcd unreachable.
    private static EtcdDatastore connect(EtcdEndpoints endpoints, String from) {
        long deadline = System.nanoTime() + CONNECT_PATIENCE.toNanos();
        while (true) {
            try {
                return EtcdDatastore.connect(endpoints, EtcdDatastore.DEFAULT_TIMEOUT);
            } catch (DatastoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot reach etcd at " + endpoints + " from " + from + " within "
                            + CONNECT_PATIENCE.toSeconds() + " s: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Names the lab that owns an etcd of the user's (written first, deleted last). */
    static final String OWNER_KEY = "/podwire/owner";

    /** The prefixes a lab writes; a given etcd must hold nothing under them, and down deletes them. */
    static final List<String> LAB_PREFIXES = List.of("/registry/", Keys.FLANNEL_PREFIX, "/podwire/");

    // A lab owns what it writes: an etcd that already holds any of it belongs to another lab or to a real cluster.
    // The owner marker, taken create-if-absent, settles two labs starting on one etcd at the same moment.
    private static void requireUnused(EtcdDatastore store, List<URI> given, String lab) {
        for (String prefix : LAB_PREFIXES) {
            List<String> keys = store.sampleKeys(prefix, 1);
            if (!keys.isEmpty()) {
                store.close();
                throw new IllegalStateException("spec.datastore.endpoints: etcd at " + given + " already holds "
                        + keys.getFirst() + " (a lab that was not taken down, or a cluster of its own); a lab needs"
                        + " an etcd with nothing under " + String.join(", ", LAB_PREFIXES) + ". Use another etcd, or"
                        + " clear them: etcdctl --endpoints=" + given.getFirst() + " del --prefix " + prefix);
            }
        }
        if (!(store.compareAndPut(OWNER_KEY, 0, lab, Optional.empty()) instanceof CasResult.Written)) {
            store.close();
            throw new IllegalStateException("spec.datastore.endpoints: another lab is starting on etcd at " + given
                    + " (" + OWNER_KEY + " was just taken); use another etcd");
        }
    }

    private static Netns buildNamespace(LabSpec lab, LabNames names, Bookkeeper book, Executor executor,
            Ipv4 address) {
        Netns ns = names.etcd();
        SegmentSpec seg = lab.underlay().segments().getFirst();
        book.record(r -> r.withNamespaces(List.of(ns.name())));
        executor.run(Command.ipBatch(Netns.HOST, "netns add " + ns.name() + "\n")).orThrow();
        int mtu = lab.underlay().mtu();
        executor.run(Command.ipBatch(names.fabric(), "link add name etcd.podwire mtu " + mtu
                + " type veth peer name eth0 mtu " + mtu + " netns " + ns.name() + "\n"
                + "link set dev etcd.podwire master " + names.bridge(seg.name()) + " up\n")).orThrow();
        StringBuilder inside = new StringBuilder("link set dev lo up\naddr add " + address + "/"
                + seg.subnet().prefixLength() + " dev eth0\nlink set dev eth0 up\n");
        seg.gateway().ifPresent(gw -> inside.append("route add default via ").append(gw).append(" dev eth0\n"));
        executor.run(Command.ipBatch(ns, inside.toString())).orThrow();
        return ns;
    }

    /** {@return the daemon's store} */
    EtcdDatastore store() {
        return store;
    }

    /** {@return the endpoints agents use, from inside the node namespaces} */
    List<URI> agentEndpoints() {
        return agentEndpoints;
    }

    /** {@return the lab's etcd process, when the lab started one} */
    Optional<EtcdProcess> process() {
        return process;
    }

    /**
     * Closes the connection and the relay and stops the lab's etcd (its data goes with the state directory); from an
     * etcd of the user's, deletes what the lab wrote first.
     */
    @Override
    public void close() {
        try {
            if (process.isEmpty() && store.get(OWNER_KEY).filter(kv -> kv.value().equals(owner)).isPresent()) {
                for (String prefix : LAB_PREFIXES) {
                    store.list(prefix).stream().filter(kv -> !kv.key().equals(OWNER_KEY))
                            .forEach(kv -> store.delete(kv.key()));
                }
                store.delete(OWNER_KEY);
            }
        } catch (RuntimeException e) {
            System.getLogger(LabEtcd.class.getName()).log(System.Logger.Level.WARNING, "the lab's keys stay in etcd at "
                    + store.endpoints() + ": " + e.getMessage());
        } finally {
            store.close();
            relay.close();
            process.ifPresent(EtcdProcess::stop);
        }
    }
}
