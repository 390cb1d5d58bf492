package dev.podwire.workload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** A TCP port: one accept loop on a virtual thread, one virtual thread per connection. */
final class TcpListener implements Listener {
    private static final System.Logger LOG = System.getLogger(TcpListener.class.getName());

    private final ServerSocketChannel server;
    private final PortSpec bound;
    private final Site site;
    private final WorkloadOptions options;
    private final String threadName;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Semaphore slots;
    private Thread acceptor;

    /** Wraps a server channel that is already bound (inside the pod's namespace). */
    TcpListener(ServerSocketChannel server, PortSpec spec, Site site, WorkloadOptions options) throws IOException {
        this.server = server;
        this.bound = spec.withPort(((InetSocketAddress) server.getLocalAddress()).getPort());
        this.site = site;
        this.options = options;
        this.threadName = "workload-" + site.podName() + "-tcp-" + bound.port();
        this.slots = new Semaphore(options.maxConnections());
    }

    @Override
    public PortSpec bound() {
        return bound;
    }

    @Override
    public void start() {
        acceptor = Thread.ofVirtual().name(threadName).start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // EMFILE and friends: log once per failure and keep the port alive; a short pause avoids spinning.
                LOG.log(System.Logger.Level.WARNING, "workload accept failed pod=" + site.podName() + " port="
                        + bound.port() + " error=" + e.getMessage());
                sleepQuietly(Duration.ofMillis(100));
                continue;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(channel);
                continue;
            }
            open.add(channel);
            Thread.ofVirtual().name(threadName + "-conn").start(() -> {
                try {
                    new TcpConnection(channel, site, options).serve();
                } finally {
                    open.remove(channel);
                    slots.release();
                }
            });
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        for (SocketChannel c : open) {
            closeQuietly(c);
        }
        if (acceptor != null) {
            try {
                acceptor.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing is best effort; the socket is unusable either way.
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
