package dev.podwire.dns;

import dev.podwire.host.NetnsThreads;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Unconnected TCP sockets created inside the server's namespace, for forwarding over TCP. A socket's namespace is fixed
 * when it is created, and a TCP socket connects only once, so each exchange needs a fresh one: a platform thread of
 * our own, outside the namespace, keeps a few ready, entering the namespace for each through {@link NetnsThreads}.
 * Virtual threads (the queries) never enter a namespace nor wait on a thread that did: a thread that wakes a virtual
 * thread may be the one that starts a carrier thread, which would then live in the pod's namespace.
 */
final class TcpChannels implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TcpChannels.class.getName());
    private static final int READY = 4;

    private final Netns netns;
    private final BlockingQueue<SocketChannel> ready = new ArrayBlockingQueue<>(READY);
    private volatile boolean closed;
    private Thread refiller;

    TcpChannels(Netns netns) {
        this.netns = netns;
    }

    /** Starts the refilling thread; call it from a thread outside any pod namespace. */
    synchronized void start() {
        if (refiller == null && !closed) {
            refiller = Thread.ofPlatform().daemon(true).name("dns-upstream-tcp-" + netns).start(this::refill);
        }
    }

    private void refill() {
        try {
            while (!closed) {
                SocketChannel channel;
                try {
                    channel = NetnsThreads.call(netns, SocketChannel::open);
                } catch (IOException | RuntimeException e) {
                    // Out of file descriptors, or the namespace is gone: try again later, without spinning.
                    LOG.log(System.Logger.Level.DEBUG, "dns upstream tcp socket netns=" + netns + " error=" + e);
                    Thread.sleep(Duration.ofMillis(100));
                    continue;
                }
                try {
                    ready.put(channel);
                } catch (InterruptedException e) {
                    ServerSockets.closeQuietly(channel);
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            // close() stops us.
        } finally {
            // A socket put after close() drained the queue is closed here.
            drain();
        }
    }

    private void drain() {
        if (closed) {
            for (SocketChannel channel = ready.poll(); channel != null; channel = ready.poll()) {
                ServerSockets.closeQuietly(channel);
            }
        }
    }

    /** {@return a fresh unconnected socket of the namespace, or empty when none came within {@code timeout}} */
    Optional<SocketChannel> take(Duration timeout) {
        try {
            return Optional.ofNullable(ready.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (refiller != null) {
            refiller.interrupt();
        }
        drain();
    }
}
