package dev.podwire.daemon;

import dev.podwire.datastore.DatastoreUnavailableException;
import dev.podwire.datastore.etcd.EtcdDatastore;
import dev.podwire.datastore.etcd.EtcdEndpoints;
import dev.podwire.datastore.etcd.EtcdProcess;
import dev.podwire.exec.Command;
import dev.podwire.exec.Executor;
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
 * {@link EtcdRelay} on loopback, so the host's namespace gets no link or route. With endpoints given, the relay
 * starts in the first node's namespace, from where the agents must be able to reach them too.
 */
final class LabEtcd implements AutoCloseable {
    static final int CLIENT_PORT = 2379;
    static final int PEER_PORT = 2380;
    private static final Duration CONNECT_PATIENCE = Duration.ofSeconds(30);
    private final Optional<EtcdProcess> process;
    private final EtcdRelay relay;
    private final EtcdDatastore store;
    private final List<URI> agentEndpoints;

    private LabEtcd(Optional<EtcdProcess> process, EtcdRelay relay, EtcdDatastore store, List<URI> agentEndpoints) {
        this.process = process;
        this.relay = relay;
        this.store = store;
        this.agentEndpoints = agentEndpoints;
    }

    /** {@return the lab's etcd, started (or the given one, connected) and reachable through the relay} */
    static LabEtcd start(LabRuntime runtime, Executor executor) {
        LabSpec lab = runtime.lab();
        Optional<EtcdProcess> process = Optional.empty();
        List<URI> endpoints = lab.datastore().endpoints();
        Netns from = runtime.names().machine(lab.nodes().getFirst().name());
        try {
            if (endpoints.isEmpty()) {
                Ipv4 address = EtcdAddress.of(lab).orElseThrow(() -> new IllegalStateException("no free address on"
                        + " segment " + lab.underlay().segments().getFirst().name() + " for the lab's etcd; use a"
                        + " larger subnet or give spec.datastore.endpoints"));
                from = buildNamespace(runtime, executor, address);
                EtcdProcess etcd = EtcdProcess.start(new EtcdProcess.Config("podwire-" + lab.name(), from,
                        address.toString(), CLIENT_PORT, PEER_PORT, Path.of(runtime.names().stateDir(), "etcd"),
                        Path.of(runtime.names().stateDir(), "etcd.log")), executor, Duration.ofSeconds(30));
                process = Optional.of(etcd);
                etcd.process().ifPresent(p -> runtime.record(r -> r.withProcess(p)));
                endpoints = etcd.endpoints().uris();
            }
            URI first = endpoints.getFirst();
            EtcdRelay relay = EtcdRelay.start(from, new InetSocketAddress(first.getHost(), first.getPort()));
            // The first call also loads gRPC and sets its channel up, which a busy machine may take longer than one
            // call's timeout to do: retry for a while before calling etcd unreachable.
            long deadline = System.nanoTime() + CONNECT_PATIENCE.toNanos();
            while (true) {
                try {
                    EtcdDatastore store = EtcdDatastore.connect(EtcdEndpoints.of(URI.create("http://127.0.0.1:"
                            + relay.port())), EtcdDatastore.DEFAULT_TIMEOUT);
                    return new LabEtcd(process, relay, store, endpoints);
                } catch (DatastoreUnavailableException e) {
                    if (System.nanoTime() > deadline) {
                        relay.close();
                        throw new IllegalStateException("cannot reach etcd at " + first + " from namespace " + from
                                + " within " + CONNECT_PATIENCE.toSeconds() + " s: " + e.getMessage(), e);
                    }
                }
            }
        } catch (IOException e) {
            process.ifPresent(EtcdProcess::stop);
            throw new UncheckedIOException("start the etcd relay: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            process.ifPresent(EtcdProcess::stop);
            throw e;
        }
    }

    private static Netns buildNamespace(LabRuntime runtime, Executor executor, Ipv4 address) {
        LabSpec lab = runtime.lab();
        Netns ns = runtime.names().etcd();
        SegmentSpec seg = lab.underlay().segments().getFirst();
        runtime.record(r -> r.withNamespaces(List.of(ns.name())));
        executor.run(Command.ipBatch(Netns.HOST, "netns add " + ns.name() + "\n")).orThrow();
        int mtu = lab.underlay().mtu();
        executor.run(Command.ipBatch(runtime.names().fabric(), "link add name etcd.podwire mtu " + mtu
                + " type veth peer name eth0 mtu " + mtu + " netns " + ns.name() + "\n"
                + "link set dev etcd.podwire master " + runtime.names().bridge(seg.name()) + " up\n")).orThrow();
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

    /** Closes the connection and the relay and stops the lab's etcd (its data goes with the state directory). */
    @Override
    public void close() {
        store.close();
        relay.close();
        process.ifPresent(EtcdProcess::stop);
    }
}
