package dev.podwire.workload;

import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import dev.podwire.host.NetnsThreads;

/**
 * Client-side checks run from inside a namespace (the socket is created there, so routes, rules and the source
 * address are that namespace's): readiness checks for workloads and assertions in tests. Results are values; only
 * bad arguments throw.
 */
public final class Probe {
    private static final int MAX_RESPONSE = 1 << 20;

    private Probe() {
    }

    /** {@return whether a TCP connection from namespace {@code from} to {@code ip:port} completes within {@code timeout}} */
    public static ProbeResult tcpConnect(Netns from, Ipv4 ip, int port, Duration timeout) {
        validate(from, ip, port, timeout);
        try {
            return NetnsThreads.call(from, () -> {
                long t0 = System.nanoTime();
                try (Socket s = new Socket()) {
                    s.connect(socketAddress(ip, port), timeoutMillis(timeout));
                    return new ProbeResult.Connected(Duration.ofNanos(System.nanoTime() - t0));
                } catch (SocketTimeoutException e) {
                    return new ProbeResult.TimedOut();
                } catch (ConnectException e) {
                    return refused(e) ? new ProbeResult.Refused() : new ProbeResult.Failed(message(e));
                } catch (IOException e) {
                    return new ProbeResult.Failed(message(e));
                }
            });
        } catch (UncheckedIOException e) {
            return new ProbeResult.Failed(e.getMessage());
        }
    }

    /**
     * {@return the answer to {@code GET path HTTP/1.1} (with {@code Connection: close}) sent from namespace
     * {@code from} to {@code ip:port}}; {@code timeout} bounds connecting and reading together.
     */
    public static HttpReply httpGet(Netns from, Ipv4 ip, int port, String path, Duration timeout) {
        validate(from, ip, port, timeout);
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new IllegalArgumentException("path: " + path + " (expected: starting with '/', no spaces)");
        }
        try {
            return NetnsThreads.call(from, () -> get(ip, port, path, timeout));
        } catch (UncheckedIOException e) {
            return new HttpReply.Failed(e.getMessage());
        }
    }

    private static HttpReply get(Ipv4 ip, int port, String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket s = new Socket()) {
            s.connect(socketAddress(ip, port), timeoutMillis(timeout));
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + ip + ":" + port
                    + "\r\nUser-Agent: podwire-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            byte[] raw = readAll(s, deadline);
            return parse(raw);
        } catch (SocketTimeoutException e) {
            return new HttpReply.TimedOut();
        } catch (ConnectException e) {
            return refused(e) ? new HttpReply.Refused() : new HttpReply.Failed(message(e));
        } catch (IOException e) {
            return new HttpReply.Failed(message(e));
        }
    }

    private static byte[] readAll(Socket s, long deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] chunk = new byte[8192];
        while (out.size() < MAX_RESPONSE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("read timed out");
            }
            s.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n = in.read(chunk);
            if (n < 0) {
                break;
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    /** {@return the reply parsed from a whole HTTP/1.x response as read until the server closed} */
    static HttpReply parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new HttpReply.Failed("malformed response: no end of head in " + raw.length + " bytes");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].matches("[1-9][0-9]{2}")) {
            return new HttpReply.Failed("malformed status line: " + lines[0]);
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        int bodyStart = end + 4;
        int bodyLength = raw.length - bodyStart;
        String declared = headers.get("content-length");
        if (declared != null && declared.matches("[0-9]{1,9}")) {
            bodyLength = Math.min(bodyLength, Integer.parseInt(declared));
        }
        String body = new String(raw, bodyStart, bodyLength, StandardCharsets.UTF_8);
        return new HttpReply.Answered(Integer.parseInt(status[1]), headers, body);
    }

    private static void validate(Netns from, Ipv4 ip, int port, Duration timeout) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: positive)");
        }
    }

    private static InetSocketAddress socketAddress(Ipv4 ip, int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByAddress(ip.octets()), port);
    }

    private static int timeoutMillis(Duration timeout) {
        return (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
    }

    private static boolean refused(ConnectException e) {
        return String.valueOf(e.getMessage()).contains("refused");
    }

    private static String message(IOException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
