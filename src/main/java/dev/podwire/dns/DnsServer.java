package dev.podwire.dns;

import static java.util.Objects.requireNonNull;

import dev.podwire.dns.QueryHandler.Transport;
import dev.podwire.net.Netns;
import dev.podwire.host.NetnsThreads;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A cluster DNS server: UDP and TCP on one address and port (plus an optional Prometheus {@code /metrics} port),
 * answering from {@link ZoneSource#current()} per query. Sockets are opened inside the given network namespace;
 * the receiving threads are started afterwards from the caller's thread, so no JVM thread joins the namespace.
 * Each UDP datagram and TCP connection is served on its own virtual thread (TCP: many queries per connection,
 * 10 s idle timeout, as CoreDNS). Close it to stop.
 */
public final class DnsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DnsServer.class.getName());
    private static final int MAX_IN_FLIGHT = 1024;
    private static final int TCP_IDLE_MILLIS = 10_000;

    private final ServerSockets sockets;
    private final QueryHandler handler;
    private final DnsMetrics metrics;
    private final String name;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> loops = new ArrayList<>();
    private volatile boolean closed;

    private DnsServer(ServerSockets sockets, ZoneSource zones, String name) {
        this.sockets = sockets;
        this.name = name;
        InetSocketAddress local = (InetSocketAddress) sockets.udp().getLocalSocketAddress();
        // CoreDNS's server label: dns://:53 for a wildcard bind, dns://<ip>:<port> otherwise.
        String host = local.getAddress().isAnyLocalAddress() ? "" : local.getAddress().getHostAddress();
        this.metrics = new DnsMetrics("dns://" + host + ":" + local.getPort());
        this.handler = new QueryHandler(zones, sockets.upstream(), metrics);
    }

    /**
     * Starts a server whose sockets live in {@code ns} (e.g. a coredns pod's namespace; {@link Netns#HOST} for the
     * caller's own), bound to {@code bind} (e.g. {@code 0.0.0.0:53}; port 0 picks one free port for both UDP and
     * TCP). Needs what {@link NetnsThreads} needs when {@code ns} is not the host.
     *
     * @throws IOException when a socket cannot be bound (address in use, no such address in {@code ns})
     */
    public static DnsServer start(Netns ns, InetSocketAddress bind, ZoneSource zones, DnsServerOptions options)
            throws IOException {
        requireNonNull(ns, "ns");
        requireNonNull(bind, "bind");
        requireNonNull(zones, "zones");
        requireNonNull(options, "options");
        ServerSockets sockets = NetnsThreads.call(ns, () -> ServerSockets.open(bind, options, ns));
        DnsServer server = new DnsServer(sockets, zones, ns + "/" + bind.getAddress().getHostAddress());
        server.startLoops();
        LOG.log(System.Logger.Level.INFO, "dns server started netns=" + ns + " address=" + text(server.udpAddress())
                + " upstreams=" + options.upstreams().size() + " metrics="
                + server.metricsAddress().map(DnsServer::text).orElse("none"));
        return server;
    }

    private static String text(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Starts a server on {@code 127.0.0.1} with free ports, in the caller's namespace (tests, local use). */
    public static DnsServer startLoopback(ZoneSource zones, DnsServerOptions options) throws IOException {
        return start(Netns.HOST, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), zones, options);
    }

    /** {@return the bound UDP address} */
    public InetSocketAddress udpAddress() {
        return (InetSocketAddress) sockets.udp().getLocalSocketAddress();
    }

    /** {@return the bound TCP address (same port as UDP)} */
    public InetSocketAddress tcpAddress() {
        return (InetSocketAddress) sockets.tcp().getLocalSocketAddress();
    }

    /** {@return the bound metrics address, when the options asked for one} */
    public Optional<InetSocketAddress> metricsAddress() {
        return sockets.metrics().map(s -> (InetSocketAddress) s.getLocalSocketAddress());
    }

    /** {@return the current metrics text (what {@code /metrics} serves)} */
    public String metricsText() {
        return metrics.render();
    }

    private void startLoops() {
        sockets.upstream().ifPresent(Upstream::start);
        loops.add(Thread.ofPlatform().daemon(true).name("dns-udp-" + name).start(this::udpLoop));
        loops.add(Thread.ofPlatform().daemon(true).name("dns-tcp-" + name).start(this::tcpLoop));
        sockets.metrics().ifPresent(socket -> loops.add(Thread.ofPlatform().daemon(true)
                .name("dns-metrics-" + name).start(() -> metricsLoop(socket))));
    }

    private void udpLoop() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                sockets.udp().receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.DEBUG, "dns udp receive error server=" + name + " error=" + e);
                    pause();
                }
                continue;
            }
            byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
            InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
            // Like CoreDNS's max_concurrent: past the limit, drop rather than queue without bound.
            if (!inFlight.tryAcquire()) {
                continue;
            }
            Thread.ofVirtual().start(() -> {
                try {
                    handler.handle(query, Transport.UDP, from.getAddress() instanceof Inet6Address)
                            .ifPresent(reply -> send(reply, from));
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    private void send(byte[] reply, InetSocketAddress to) {
        try {
            sockets.udp().send(new DatagramPacket(reply, reply.length, to));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "dns udp send error server=" + name + " to=" + to + " error=" + e);
        }
    }

    private void tcpLoop() {
        while (!closed) {
            try {
                Socket connection = sockets.tcp().accept();
                connections.add(connection);
                Thread.ofVirtual().start(() -> serveTcp(connection));
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.DEBUG, "dns tcp accept error server=" + name + " error=" + e);
                    pause();
                }
            }
        }
    }

    // RFC 7766: two-byte length prefix, queries answered in order, connection kept until idle or closed.
    private void serveTcp(Socket connection) {
        try (connection) {
            connection.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(connection.getInputStream());
            DataOutputStream out = new DataOutputStream(connection.getOutputStream());
            boolean ipv6 = connection.getInetAddress() instanceof Inet6Address;
            while (!closed) {
                int length = in.readUnsignedShort();
                byte[] query = in.readNBytes(length);
                if (query.length < length) {
                    return;
                }
                Optional<byte[]> reply = handler.handle(query, Transport.TCP, ipv6);
                if (reply.isEmpty()) {
                    continue;
                }
                out.writeShort(reply.get().length);
                out.write(reply.get());
                out.flush();
            }
        } catch (EOFException | SocketException e) {
            // The client closed the connection, or we did at shutdown.
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "dns tcp connection ended server=" + name + " error=" + e);
        } finally {
            connections.remove(connection);
        }
    }

    private void metricsLoop(ServerSocket socket) {
        while (!closed) {
            try {
                Socket scrape = socket.accept();
                Thread.ofVirtual().start(() -> MetricsEndpoint.serve(scrape, metrics::render));
            } catch (IOException e) {
                if (!closed) {
                    pause();
                }
            }
        }
    }

    // A persistent socket error must not turn a loop into a busy spin.
    private static void pause() {
        try {
            Thread.sleep(Duration.ofMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops serving: closes every socket and waits briefly for the loops to end. Idempotent. */
    @Override
    public void close() {
        closed = true;
        sockets.close();
        connections.forEach(ServerSockets::closeQuietly);
        for (Thread loop : loops) {
            try {
                loop.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
