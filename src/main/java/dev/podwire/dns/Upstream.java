package dev.podwire.dns;

import dev.podwire.dns.QueryHandler.Transport;
import dev.podwire.net.Netns;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Message;

/**
 * Forwards queries to upstream resolvers over the transport the client used, as CoreDNS's {@code forward} plugin
 * does: a truncated UDP answer goes back truncated (the client retries over TCP), and a TCP query is forwarded over
 * TCP, so its answer comes back whole. UDP uses a fixed pool of sockets opened up front inside the server's network
 * namespace (so forwarded queries leave from there); each exchange borrows one, sends with a fresh random id and
 * ignores replies from other addresses, with other ids or for other questions. TCP uses one fresh connection per
 * exchange, its socket made in the same namespace ({@link TcpChannels}).
 */
final class Upstream implements AutoCloseable {
    static final int POOL_SIZE = 32;

    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final RandomGenerator random;
    private final List<DatagramSocket> sockets;
    private final BlockingQueue<DatagramSocket> idle;
    private final TcpChannels tcp;

    private Upstream(List<InetSocketAddress> servers, Duration timeout, RandomGenerator random,
            List<DatagramSocket> sockets, TcpChannels tcp) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
        this.random = random;
        this.sockets = List.copyOf(sockets);
        this.idle = new ArrayBlockingQueue<>(sockets.size(), false, sockets);
        this.tcp = tcp;
    }

    /**
     * Opens the UDP socket pool in the calling thread's network namespace, which must be {@code netns}; TCP sockets
     * come once {@link #start} was called.
     */
    static Upstream open(List<InetSocketAddress> servers, Duration timeout, RandomGenerator random, Netns netns)
            throws IOException {
        DatagramSocket[] sockets = new DatagramSocket[POOL_SIZE];
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                sockets[i] = new DatagramSocket();
            }
        } catch (IOException e) {
            Arrays.stream(sockets).filter(s -> s != null).forEach(DatagramSocket::close);
            throw e;
        }
        return new Upstream(servers, timeout, random, Arrays.asList(sockets), new TcpChannels(netns));
    }

    /** Starts making TCP sockets; call it from a thread outside any pod namespace (see {@link TcpChannels}). */
    void start() {
        tcp.start();
    }

    /**
     * {@return the first matching reply from an upstream, asked over {@code transport}, with the query's id; empty
     * when all timed out or failed}
     */
    Optional<Message> exchange(Message query, Transport transport) {
        if (transport == Transport.TCP) {
            for (InetSocketAddress server : servers) {
                Optional<Message> reply = askTcp(server, query);
                if (reply.isPresent()) {
                    return reply;
                }
            }
            return Optional.empty();
        }
        return exchangeUdp(query);
    }

    private Optional<Message> exchangeUdp(Message query) {
        DatagramSocket socket;
        try {
            socket = idle.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (socket == null) {
            return Optional.empty();
        }
        try {
            for (InetSocketAddress server : servers) {
                Optional<Message> reply = ask(socket, server, query);
                if (reply.isPresent()) {
                    return reply;
                }
            }
            return Optional.empty();
        } finally {
            idle.offer(socket);
        }
    }

    private Optional<Message> ask(DatagramSocket socket, InetSocketAddress server, Message query) {
        int id = random.nextInt(0x10000);
        Message copy = query.clone();
        copy.getHeader().setID(id);
        byte[] buffer = new byte[65535];
        try {
            byte[] out = copy.toWire();
            socket.send(new DatagramPacket(out, out.length, server));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return Optional.empty();
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(left, Integer.MAX_VALUE)));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                // A late reply to an earlier, timed-out exchange on this socket is skipped here.
                if (!server.equals(packet.getSocketAddress())) {
                    continue;
                }
                Optional<Message> reply = parse(Arrays.copyOf(buffer, packet.getLength()));
                if (reply.isPresent() && reply.get().getHeader().getID() == id
                        && query.getQuestion() != null && query.getQuestion().equals(reply.get().getQuestion())) {
                    reply.get().getHeader().setID(query.getHeader().getID());
                    return reply;
                }
            }
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // RFC 7766: a two-byte length before each message. One connection per exchange; the deadline covers connecting,
    // sending and reading.
    private Optional<Message> askTcp(InetSocketAddress server, Message query) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<SocketChannel> fresh = tcp.take(timeout);
        if (fresh.isEmpty()) {
            return Optional.empty();
        }
        int id = random.nextInt(0x10000);
        Message copy = query.clone();
        copy.getHeader().setID(id);
        try (SocketChannel channel = fresh.get()) {
            Socket socket = channel.socket();
            socket.connect(server, millisLeft(deadline));
            byte[] out = copy.toWire();
            DataOutputStream to = new DataOutputStream(socket.getOutputStream());
            to.writeShort(out.length);
            to.write(out);
            to.flush();
            socket.setSoTimeout(millisLeft(deadline));
            DataInputStream from = new DataInputStream(socket.getInputStream());
            byte[] wire = from.readNBytes(from.readUnsignedShort());
            Optional<Message> reply = parse(wire);
            if (reply.isPresent() && reply.get().getHeader().getID() == id
                    && query.getQuestion() != null && query.getQuestion().equals(reply.get().getQuestion())) {
                reply.get().getHeader().setID(query.getHeader().getID());
                return reply;
            }
            return Optional.empty();
        } catch (IOException e) {
            // Refused, timed out, closed early: the next upstream is tried.
            return Optional.empty();
        }
    }

    // At least 1 ms: 0 would mean "no timeout" to connect and setSoTimeout.
    private static int millisLeft(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            return 1;
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    private static Optional<Message> parse(byte[] wire) {
        try {
            return Optional.of(new Message(wire));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        sockets.forEach(DatagramSocket::close);
        tcp.close();
    }
}
