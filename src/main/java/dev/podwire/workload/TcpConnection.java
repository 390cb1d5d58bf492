package dev.podwire.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Serves one accepted TCP connection on its own virtual thread: sniffs the first bytes, then runs either the HTTP/1.x
 * keep-alive loop or a plain echo. Never throws: every failure ends only this connection.
 */
final class TcpConnection {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private static final Duration LINGER = Duration.ofSeconds(2);

    private final SocketChannel channel;
    private final Site site;
    private final WorkloadOptions options;

    TcpConnection(SocketChannel channel, Site site, WorkloadOptions options) {
        this.channel = channel;
        this.site = site;
        this.options = options;
    }

    /** Serves the connection until the client leaves, times out or misbehaves, then closes it. */
    void serve() {
        try (channel) {
            Socket socket = channel.socket();
            socket.setSoTimeout((int) options.idleTimeout().toMillis());
            ConnectionBuffer buffer = new ConnectionBuffer(socket.getInputStream(), WorkloadOptions.MAX_HEAD);
            OutputStream out = socket.getOutputStream();
            switch (sniff(socket, buffer)) {
                case HTTP -> {
                    http(buffer, out, peer());
                    lingeringClose(socket);
                }
                case ECHO -> echo(buffer, socket.getInputStream(), out);
                case UNDECIDED -> { } // the client left without sending anything
            }
        } catch (IOException e) {
            // Resets, timeouts and closes by Workload.close() all end up here; the connection is simply over.
        }
    }

    private Sniffer.Verdict sniff(Socket socket, ConnectionBuffer buffer) throws IOException {
        while (true) {
            Sniffer.Verdict verdict = Sniffer.classify(buffer.array(), buffer.size());
            if (verdict != Sniffer.Verdict.UNDECIDED) {
                return verdict;
            }
            if (buffer.size() > 0) {
                // Part of what could be a request line has arrived; do not hold an echo client hostage for long.
                socket.setSoTimeout((int) options.sniffTimeout().toMillis());
            }
            int n;
            try {
                n = buffer.fill();
            } catch (SocketTimeoutException e) {
                n = -1;
            }
            if (n < 0) {
                return buffer.size() > 0 ? Sniffer.Verdict.ECHO : Sniffer.Verdict.UNDECIDED;
            }
            socket.setSoTimeout((int) options.idleTimeout().toMillis());
        }
    }

    private static void echo(ConnectionBuffer buffer, InputStream in, OutputStream out) throws IOException {
        out.write(buffer.drain());
        out.flush();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            out.write(chunk, 0, n);
            out.flush();
        }
    }

    private void http(ConnectionBuffer buffer, OutputStream out, String peer) throws IOException {
        while (true) {
            int headLength;
            while ((headLength = buffer.headLength()) < 0) {
                if (buffer.size() >= WorkloadOptions.MAX_HEAD) {
                    send(out, site.error(431, options.clock().instant()), false, false);
                    return;
                }
                if (buffer.fill() < 0) {
                    return;
                }
            }
            Optional<HttpHead> parsed = HttpHead.parse(buffer.take(headLength).stripTrailing());
            if (parsed.isEmpty()) {
                send(out, site.error(400, options.clock().instant()), false, false);
                return;
            }
            HttpHead head = parsed.get();
            if (head.header("Transfer-Encoding").isPresent()) {
                // Chunked request bodies are not worth a decoder here; nothing agnhost-like needs them.
                send(out, site.error(501, options.clock().instant()), false, false);
                return;
            }
            OptionalLong length = contentLength(head);
            if (length.isEmpty()) {
                send(out, site.error(400, options.clock().instant()), false, false);
                return;
            }
            if (length.getAsLong() > WorkloadOptions.MAX_BODY) {
                send(out, site.error(413, options.clock().instant()), false, false);
                return;
            }
            if (length.getAsLong() > 0 && head.headerHasToken("Expect", "100-continue")) {
                out.write(CONTINUE);
                out.flush();
            }
            if (!discard(buffer, length.getAsLong())) {
                return;
            }
            boolean keepAlive = head.keepAlive();
            send(out, site.respond(head, peer, options.clock().instant()), head.method().equals("HEAD"), keepAlive);
            if (!keepAlive) {
                return;
            }
        }
    }

    // Closing with unread request bytes makes the kernel send RST, which can destroy the response still in flight
    // (e.g. a 431 to a client still sending headers). Like nginx's lingering_close: send FIN, then drain briefly.
    private void lingeringClose(Socket socket) throws IOException {
        if (socket.isClosed()) {
            return;
        }
        socket.shutdownOutput();
        long deadline = System.nanoTime() + Math.min(options.idleTimeout().toNanos(), LINGER.toNanos());
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[8192];
        long drained = 0;
        while (drained < WorkloadOptions.MAX_BODY) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n = in.read(sink);
            if (n < 0) {
                return;
            }
            drained += n;
        }
    }

    private static void send(OutputStream out, HttpResponse response, boolean headOnly, boolean keepAlive)
            throws IOException {
        out.write(response.encode(headOnly, keepAlive));
        out.flush();
    }

    private static boolean discard(ConnectionBuffer buffer, long length) throws IOException {
        long left = length;
        while (left > 0) {
            left -= buffer.skip(left);
            if (left > 0 && buffer.fill() < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@return the body length; 0 without the header, empty when it is malformed or repeated differently} */
    static OptionalLong contentLength(HttpHead head) {
        OptionalLong found = OptionalLong.of(0);
        boolean seen = false;
        for (HttpHead.Field f : head.headers()) {
            if (!f.name().equalsIgnoreCase("Content-Length")) {
                continue;
            }
            String v = f.value();
            if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return OptionalLong.empty();
            }
            long n = Long.parseLong(v);
            if (seen && found.getAsLong() != n) {
                return OptionalLong.empty();
            }
            found = OptionalLong.of(n);
            seen = true;
        }
        return found;
    }

    private String peer() throws IOException {
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        return remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
