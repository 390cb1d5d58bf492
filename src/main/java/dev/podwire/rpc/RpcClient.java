package dev.podwire.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** The CLI's end of the protocol: sends one request and passes every answer line on as it arrives. */
public final class RpcClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RpcClient() {}

    /** {@return the path of a lab's daemon socket} */
    public static Path socket(String stateDir) {
        return Path.of(stateDir, "daemon.sock");
    }

    /**
     * {@return the exit code the daemon answered}
     *
     * @throws IOException when no daemon listens on the socket, or it went away mid-answer
     */
    public static int call(Path socket, Request request, Consumer<Message> sink) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return exchange(ch, socket, request, sink);
        }
    }

    /**
     * {@return the exit code the server answered}, as {@link #call(Path, Request, Consumer)} but giving up when the
     * whole exchange takes longer than {@code deadline}
     *
     * @throws SocketTimeoutException when the answer did not end within {@code deadline}
     * @throws IOException when nothing listens on the socket, or the server went away mid-answer
     */
    public static int call(Path socket, Request request, Consumer<Message> sink, Duration deadline)
            throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // A unix SocketChannel has no read timeout: closing it from a watchdog ends a blocked read at once.
            AtomicBoolean expired = new AtomicBoolean();
            Thread watchdog = Thread.ofVirtual().name("rpc-deadline").start(() -> {
                try {
                    Thread.sleep(deadline);
                    expired.set(true);
                    ch.close();
                } catch (InterruptedException | IOException e) {
                    // Answered in time (interrupted), or already closed.
                }
            });
            try {
                return exchange(ch, socket, request, sink);
            } catch (IOException e) {
                if (expired.get()) {
                    throw new SocketTimeoutException("no answer to " + request.verb() + " within "
                            + deadline.toMillis() + " ms");
                }
                throw e;
            } finally {
                watchdog.interrupt();
            }
        }
    }

    private static int exchange(SocketChannel ch, Path socket, Request request, Consumer<Message> sink)
            throws IOException {
        ch.connect(UnixDomainSocketAddress.of(socket));
        Channels.newOutputStream(ch).write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            Message m = JSON.readValue(line, Message.class);
            if (m.type().equals("exit")) {
                return m.code();
            }
            sink.accept(m);
        }
        throw new IOException("the lab daemon closed the connection before answering (see its daemon.log)");
    }
}
