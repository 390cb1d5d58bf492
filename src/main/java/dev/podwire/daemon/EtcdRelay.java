package dev.podwire.daemon;

import dev.podwire.net.Netns;
import dev.podwire.host.NetnsThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between two namespaces, so that a lab reaches an etcd in another namespace without adding a single link
 * or route anywhere: the listening socket is created in one namespace and each upstream connection is opened by a
 * thread that has entered the other (a socket stays in the namespace it was created in).
 *
 * <ul>
 *   <li>{@link #toNamespace}: the daemon, in the host's namespace, reaches the lab's own etcd in
 *       {@code <lab>-podwire.etcd} through {@code 127.0.0.1:<ephemeral>}.
 *   <li>{@link #fromNamespace}: agents in node namespaces reach an etcd of the user's, reachable from the host (its
 *       loopback, or a cluster the host can route to), through {@code <segment address>:2379} in
 *       {@code <lab>-podwire.etcd}; the upstream connections are the host's.
 * </ul>
 */
final class EtcdRelay implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EtcdRelay.class.getName());
    private final ServerSocket server;
    private final Netns upstreamNetns;
    private final List<InetSocketAddress> upstreams;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private EtcdRelay(ServerSocket server, Netns upstreamNetns, List<InetSocketAddress> upstreams) {
        this.server = server;
        this.upstreamNetns = upstreamNetns;
        this.upstreams = List.copyOf(upstreams);
    }

    /** {@return a relay on the host's loopback (ephemeral port) to {@code upstream} inside {@code netns}} */
    static EtcdRelay toNamespace(Netns netns, InetSocketAddress upstream) throws IOException {
        return start(Netns.HOST, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), netns, List.of(upstream));
    }

    /**
     * {@return a relay listening on {@code listen} inside {@code netns} to the first of {@code upstreams} that accepts,
     * connected from the host's namespace}
     */
    static EtcdRelay fromNamespace(Netns netns, InetSocketAddress listen, List<InetSocketAddress> upstreams)
            throws IOException {
        return start(netns, listen, Netns.HOST, upstreams);
    }

    private static EtcdRelay start(Netns listenNetns, InetSocketAddress listen, Netns upstreamNetns,
            List<InetSocketAddress> upstreams) throws IOException {
        ServerSocket server = NetnsThreads.call(listenNetns, () -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(listen, 50);
            return s;
        });
        EtcdRelay relay = new EtcdRelay(server, upstreamNetns, upstreams);
        Thread.ofPlatform().daemon(true).name("etcd-relay").start(relay::accept);
        return relay;
    }

    /** {@return the relay's local port} */
    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                // Connecting may wait on an unreachable endpoint: never on the accepting thread.
                Thread.ofPlatform().daemon(true).name("etcd-relay-connect").start(() -> connect(client));
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "etcd relay accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void connect(Socket client) {
        try {
            Socket up = NetnsThreads.call(upstreamNetns, this::connectUpstream);
            open.add(up);
            pump(client, up);
            pump(up, client);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            open.remove(client);
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "etcd relay connection failed: " + e.getMessage());
            }
        }
    }

    private Socket connectUpstream() throws IOException {
        IOException last = new IOException("no upstream");
        for (InetSocketAddress upstream : upstreams) {
            Socket s = new Socket();
            try {
                s.connect(upstream, 5000);
                return s;
            } catch (IOException e) {
                closeQuietly(s);
                last = new IOException(upstream + ": " + e.getMessage(), e);
            }
        }
        throw last;
    }

    // One thread per direction; a closed side ends both, so gRPC sees the connection drop and reconnects.
    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon(true).name("etcd-relay-pump").start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // The peer went away; fall through and close both sides.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing a listening socket does not fail in practice.
        }
        open.forEach(EtcdRelay::closeQuietly);
    }
}
