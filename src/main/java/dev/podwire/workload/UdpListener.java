package dev.podwire.workload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Optional;

/** A UDP port: one virtual thread receives each datagram and sends agnhost's reply. */
final class UdpListener implements Listener {
    private static final System.Logger LOG = System.getLogger(UdpListener.class.getName());

    private final DatagramChannel channel;
    private final PortSpec bound;
    private final Site site;
    private Thread receiver;

    /** Wraps a datagram channel that is already bound (inside the pod's namespace). */
    UdpListener(DatagramChannel channel, PortSpec spec, Site site) throws IOException {
        this.channel = channel;
        this.bound = spec.withPort(((InetSocketAddress) channel.getLocalAddress()).getPort());
        this.site = site;
    }

    @Override
    public PortSpec bound() {
        return bound;
    }

    @Override
    public void start() {
        receiver = Thread.ofVirtual().name("workload-" + site.podName() + "-udp-" + bound.port()).start(this::loop);
    }

    private void loop() {
        ByteBuffer in = ByteBuffer.allocate(65536);
        while (channel.isOpen()) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                in.flip();
                byte[] datagram = new byte[in.remaining()];
                in.get(datagram);
                InetSocketAddress peer = (InetSocketAddress) from;
                Optional<byte[]> reply = UdpResponder.reply(datagram, site.podName(),
                        peer.getAddress().getHostAddress() + ":" + peer.getPort());
                if (reply.isPresent()) {
                    channel.send(ByteBuffer.wrap(reply.get()), from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // An ICMP error from an earlier reply can surface here (e.g. port unreachable); the port stays up.
                LOG.log(System.Logger.Level.DEBUG, "workload udp error pod=" + site.podName() + " port="
                        + bound.port() + " error=" + e.getMessage());
                pause();
            }
        }
    }

    // A persistent error must not turn the loop into a busy spin.
    private static void pause() {
        try {
            Thread.sleep(Duration.ofMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        TcpListener.closeQuietly(channel);
        if (receiver != null) {
            try {
                receiver.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
