package dev.podwire.dns;

import dev.podwire.net.Netns;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * Every socket a {@link DnsServer} uses, opened in one go by the calling thread, which is inside the server's network
 * namespace: UDP and TCP on the same port, the metrics listener and the upstream pool. No thread is started here.
 */
record ServerSockets(DatagramSocket udp, ServerSocket tcp, Optional<ServerSocket> metrics, Optional<Upstream> upstream)
        implements AutoCloseable {
    private static final int BIND_ATTEMPTS = 8;
    private static final int TCP_BACKLOG = 128;

    /**
     * Opens the sockets, from a thread inside {@code netns}; with port 0 the UDP port is picked first and TCP takes
     * the same one.
     */
    static ServerSockets open(InetSocketAddress bind, DnsServerOptions options, Netns netns) throws IOException {
        for (int attempt = 1; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(bind);
            ServerSocket tcp = new ServerSocket();
            try {
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(bind.getAddress(), udp.getLocalPort()), TCP_BACKLOG);
            } catch (BindException e) {
                udp.close();
                tcp.close();
                if (bind.getPort() != 0 || attempt == BIND_ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            Optional<ServerSocket> metrics = Optional.empty();
            Optional<Upstream> upstream = Optional.empty();
            try {
                if (options.metricsPort().isPresent()) {
                    ServerSocket socket = new ServerSocket();
                    socket.setReuseAddress(true);
                    metrics = Optional.of(socket);
                    socket.bind(new InetSocketAddress(bind.getAddress(), options.metricsPort().get()));
                }
                if (!options.upstreams().isEmpty()) {
                    upstream = Optional.of(Upstream.open(options.upstreams(), options.upstreamTimeout(),
                            options.random(), netns));
                }
                return new ServerSockets(udp, tcp, metrics, upstream);
            } catch (IOException e) {
                new ServerSockets(udp, tcp, metrics, upstream).close();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        udp.close();
        closeQuietly(tcp);
        metrics.ifPresent(ServerSockets::closeQuietly);
        upstream.ifPresent(Upstream::close);
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing during shutdown: nothing left to do with the error.
        }
    }
}
