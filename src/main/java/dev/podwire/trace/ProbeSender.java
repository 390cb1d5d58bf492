package dev.podwire.trace;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.net.Netns;
import dev.podwire.host.NetnsThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends the one probe from inside the client's namespace, from the probe's own source port (or ICMP id), and
 * {@return what the client saw}. The kernel's view of the same packet is what the trace reports; this line is only
 * the client's side of the story ("connected", "refused", "timed out").
 */
final class ProbeSender {
    private ProbeSender() {
    }

    static String send(Executor executor, Netns from, ProbeSpec probe, Duration timeout) {
        try {
            return switch (probe.protocol()) {
                case TCP -> NetnsThreads.call(from, () -> tcp(probe, timeout, false));
                case HTTP -> NetnsThreads.call(from, () -> tcp(probe, timeout, true));
                case UDP -> NetnsThreads.call(from, () -> udp(probe, timeout));
                case ICMP -> icmp(executor, from, probe, timeout);
            };
        } catch (UncheckedIOException e) {
            return "failed: " + e.getMessage();
        }
    }

    private static String tcp(ProbeSpec probe, Duration timeout, boolean http) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.setReuseAddress(true);
            s.setTrafficClass(TraceTable.DSCP << 2);
            s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[4]), probe.sourcePort()));
            s.connect(new InetSocketAddress(InetAddress.getByAddress(probe.target().octets()), probe.targetPort()),
                    (int) timeout.toMillis());
            String connected = "connected in " + millis(t0);
            if (!http) {
                return connected;
            }
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + probe.target() + ":" + probe.targetPort()
                    + "\r\nUser-Agent: podwire-trace\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(64);
            String status = new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("(no answer)");
            return connected + ", " + status;
        } catch (SocketTimeoutException e) {
            return "timed out after " + timeout.toMillis() + " ms";
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private static String udp(ProbeSpec probe, Duration timeout) {
        try (DatagramSocket s = new DatagramSocket(null)) {
            s.setReuseAddress(true);
            s.setTrafficClass(TraceTable.DSCP << 2);
            s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[4]), probe.sourcePort()));
            s.setSoTimeout((int) timeout.toMillis());
            byte[] msg = "podwire-trace\n".getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(msg, msg.length, InetAddress.getByAddress(probe.target().octets()),
                    probe.targetPort()));
            byte[] buf = new byte[512];
            DatagramPacket answer = new DatagramPacket(buf, buf.length);
            s.receive(answer);
            return "answered with " + answer.getLength() + " bytes";
        } catch (SocketTimeoutException e) {
            return "no answer within " + timeout.toMillis() + " ms";
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private static String icmp(Executor executor, Netns from, ProbeSpec probe, Duration timeout) {
        var r = executor.run(Command.of(from, "ping", "-n", "-c", "1", "-W",
                String.valueOf(Math.max(1, timeout.toSeconds())), "-e", String.valueOf(probe.sourcePort()),
                "-Q", String.valueOf(TraceTable.DSCP << 2),
                probe.target().toString()));
        return r.ok() ? "echo reply received" : "no echo reply (" + r.stdout().lines()
                .filter(l -> l.contains("packet loss") || l.contains("Unreachable") || l.contains("unreachable"))
                .findFirst().orElse("exit " + r.exitCode()).strip() + ")";
    }

    private static String millis(long t0) {
        return String.format("%.1f ms", (System.nanoTime() - t0) / 1e6);
    }
}
