package dev.podwire.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
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
 * Forwards queries to upstream resolvers over UDP from a fixed pool of sockets. The pool is opened up front (inside
 * the server's network namespace, so forwarded queries leave from there); each exchange borrows one socket, sends
 * with a fresh random id and ignores replies from other addresses, with other ids or for other questions.
 */
final class Upstream implements AutoCloseable {
    static final int POOL_SIZE = 32;

    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final RandomGenerator random;
    private final List<DatagramSocket> sockets;
    private final BlockingQueue<DatagramSocket> idle;

    private Upstream(List<InetSocketAddress> servers, Duration timeout, RandomGenerator random,
            List<DatagramSocket> sockets) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
        this.random = random;
        this.sockets = List.copyOf(sockets);
        this.idle = new ArrayBlockingQueue<>(sockets.size(), false, sockets);
    }

    /** Opens the socket pool in the calling thread's network namespace. */
    static Upstream open(List<InetSocketAddress> servers, Duration timeout, RandomGenerator random)
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
        return new Upstream(servers, timeout, random, Arrays.asList(sockets));
    }

    /** {@return the first matching reply from an upstream, with the query's id; empty when all timed out} */
    Optional<Message> exchange(Message query) {
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
    }
}
