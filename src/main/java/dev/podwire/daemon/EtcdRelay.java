package dev.podwire.daemon;

import dev.podwire.net.Netns;
import dev.podwire.workload.NetnsThreads;
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
 * Lets the daemon, which lives in the host's namespace, reach the lab's etcd in its own namespace without adding a
 * single link or route to the host: a TCP relay listening on {@code 127.0.0.1:<ephemeral>} in the host namespace that
 * opens each upstream connection from a thread that has entered the etcd namespace (the socket stays there). Only the
 * daemon connects to it; agents in node namespaces reach etcd on its segment address directly.
 */
final class EtcdRelay implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EtcdRelay.class.getName());
    private final ServerSocket server;
    private final Netns netns;
    private final InetSocketAddress upstream;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private EtcdRelay(ServerSocket server, Netns netns, InetSocketAddress upstream) {
        this.server = server;
        this.netns = netns;
        this.upstream = upstream;
    }

    /** {@return a relay to {@code upstream} inside {@code netns}, accepting connections} */
    static EtcdRelay start(Netns netns, InetSocketAddress upstream) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        EtcdRelay relay = new EtcdRelay(server, netns, upstream);
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
                Socket up = NetnsThreads.call(netns, () -> {
                    Socket s = new Socket();
                    s.connect(upstream, 5000);
                    return s;
                });
                open.add(client);
                open.add(up);
                pump(client, up);
                pump(up, client);
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "etcd relay connection failed: " + e.getMessage());
                }
            }
        }
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
