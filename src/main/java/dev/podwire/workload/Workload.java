package dev.podwire.workload;

import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import dev.podwire.host.NetnsThreads;
import dev.podwire.net.Protocol;

/**
 * A running pod workload: one built-in server per container port, with sockets bound to {@code 0.0.0.0:<port>}
 * inside the pod's network namespace. TCP ports speak HTTP/1.x or echo (decided per connection), UDP ports answer
 * agnhost's datagram commands, SCTP ports are skipped and logged.
 *
 * <p>Start with {@link #start}; {@link #close} closes every socket and connection and stops every thread.
 */
public final class Workload implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Workload.class.getName());

    private final Netns netns;
    private final WorkloadSpec spec;
    private final List<Listener> listeners;
    private final List<PortSpec> skipped;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Workload(Netns netns, WorkloadSpec spec, List<Listener> listeners, List<PortSpec> skipped) {
        this.netns = netns;
        this.spec = spec;
        this.listeners = List.copyOf(listeners);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * {@return a workload serving every TCP and UDP port of {@code spec} inside {@code ns}}
     *
     * @throws UncheckedIOException when the namespace cannot be entered or a port cannot be bound (e.g. in use);
     *     nothing stays open then
     */
    public static Workload start(Netns ns, WorkloadSpec spec) {
        return start(ns, spec, WorkloadOptions.pod());
    }

    static Workload start(Netns ns, WorkloadSpec spec, WorkloadOptions options) {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(spec, "spec");
        Site site = new Site(spec.podName(), ImageFlavor.of(spec.image()), options.clock().instant());
        List<PortSpec> skipped = spec.ports().stream().filter(p -> p.protocol() == Protocol.SCTP).toList();
        List<Listener> listeners = NetnsThreads.call(ns, () -> bindAll(ns, spec, site, options));
        Workload w = new Workload(ns, spec, listeners, skipped);
        listeners.forEach(Listener::start);
        LOG.log(System.Logger.Level.INFO, "workload start netns=" + ns + " pod=" + spec.namespace() + "/"
                + spec.podName() + " image=" + spec.image() + " ports=" + describe(w.boundPorts())
                + (skipped.isEmpty() ? "" : " skipped=" + describe(skipped) + " reason=sctp-not-supported"));
        return w;
    }

    // Runs on the namespace thread: every socket is created here, so it belongs to the pod's namespace for life.
    private static List<Listener> bindAll(Netns ns, WorkloadSpec spec, Site site, WorkloadOptions options) {
        List<Listener> done = new ArrayList<>();
        try {
            for (PortSpec p : spec.ports()) {
                switch (p.protocol()) {
                    case TCP -> done.add(bindTcp(ns, p, site, options));
                    case UDP -> done.add(bindUdp(ns, p, site, options));
                    case SCTP -> { } // listed in skipped; the JDK's SCTP channel needs libsctp, not worth it here
                }
            }
            return done;
        } catch (RuntimeException e) {
            done.forEach(Listener::close);
            throw e;
        }
    }

    private static Listener bindTcp(Netns ns, PortSpec p, Site site, WorkloadOptions options) {
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.INET);
            server.bind(address(p, options), 256);
            return new TcpListener(server, p, site, options);
        } catch (IOException e) {
            if (server != null) {
                TcpListener.closeQuietly(server);
            }
            throw bindFailure(ns, p, options, e);
        }
    }

    private static Listener bindUdp(Netns ns, PortSpec p, Site site, WorkloadOptions options) {
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.bind(address(p, options));
            return new UdpListener(channel, p, site);
        } catch (IOException e) {
            if (channel != null) {
                TcpListener.closeQuietly(channel);
            }
            throw bindFailure(ns, p, options, e);
        }
    }

    private static InetSocketAddress address(PortSpec p, WorkloadOptions options) throws IOException {
        InetAddress ip = InetAddress.getByAddress(options.bindAddress().octets());
        return new InetSocketAddress(ip, options.ephemeralPorts() ? 0 : p.port());
    }

    private static UncheckedIOException bindFailure(Netns ns, PortSpec p, WorkloadOptions options, IOException e) {
        return new UncheckedIOException("bind " + options.bindAddress() + ":" + p.port() + "/" + p.protocol()
                + " in netns " + ns + ": " + e.getMessage(), e);
    }

    private static String describe(List<PortSpec> ports) {
        return ports.isEmpty() ? "none" : ports.stream().map(p -> p.port() + "/" + p.protocol())
                .collect(Collectors.joining(","));
    }

    /** {@return the namespace the sockets live in} */
    public Netns netns() {
        return netns;
    }

    /** {@return the spec this workload serves} */
    public WorkloadSpec spec() {
        return spec;
    }

    /** {@return the TCP and UDP ports being served, in spec order, with the numbers really bound} */
    public List<PortSpec> boundPorts() {
        return listeners.stream().map(Listener::bound).toList();
    }

    /** {@return the ports not served (SCTP), in spec order} */
    public List<PortSpec> skippedPorts() {
        return skipped;
    }

    /** Closes every socket and connection and stops every thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listeners.forEach(Listener::close);
        LOG.log(System.Logger.Level.INFO, "workload stop netns=" + netns + " pod=" + spec.namespace() + "/"
                + spec.podName() + " ports=" + describe(boundPorts()));
    }
}
