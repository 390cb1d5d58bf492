package dev.podwire.backend.vxlan;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code tcpdump} on the underlay bridge, started before traffic and stopped by its PID, decoded with
 * {@code tshark} treating UDP 8472 as VXLAN. Test-only: a background process the one-shot executor cannot hold.
 */
final class VxlanCapture implements AutoCloseable {
    private final Path dir;
    private final Path pcap;
    private final Process tcpdump;

    private VxlanCapture(Path dir, Process tcpdump) {
        this.dir = dir;
        this.pcap = dir.resolve("underlay.pcap");
        this.tcpdump = tcpdump;
    }

    /** Starts {@code tcpdump -i <iface> -w <file> <filter>} in {@code ns} and waits until it listens. */
    static VxlanCapture start(Netns ns, String iface, String filter) {
        try {
            Path dir = Files.createTempDirectory("pwtest-vx-");
            Path err = dir.resolve("tcpdump.err");
            // --immediate-mode: no 1 s ring-buffer timeout, so packets just before SIGTERM are not lost; -U writes
            // each packet at once; -Z root keeps tcpdump from dropping to a user that cannot write the directory.
            Process p = new ProcessBuilder("ip", "netns", "exec", ns.name(), "tcpdump", "--immediate-mode", "-Z",
                    "root", "-U", "-n",
                    "-i", iface, "-w", dir.resolve("underlay.pcap").toString(), filter)
                    .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            VxlanCapture capture = new VxlanCapture(dir, p);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!Files.readString(err).contains("listening on")) {
                if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                    capture.close();
                    throw new IllegalStateException("tcpdump did not start: " + Files.readString(err));
                }
                Thread.sleep(50);
            }
            return capture;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops tcpdump (SIGTERM to its PID, so it flushes the file) and returns tshark's
     * {@code vxlan.vni<TAB>ip.src<TAB>ip.dst<TAB>frame.protocols} lines, one per captured frame.
     */
    List<String> stopAndDecode(Executor exec) {
        stop();
        String out = exec.run(Command.of(Netns.HOST, "tshark", "-r", pcap.toString(), "-d", "udp.port==8472,vxlan",
                "-T", "fields", "-e", "vxlan.vni", "-e", "ip.src", "-e", "ip.dst", "-e", "frame.protocols"))
                .orThrow().stdout();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private void stop() {
        if (tcpdump.isAlive()) {
            tcpdump.destroy();
            try {
                if (!tcpdump.waitFor(5, TimeUnit.SECONDS)) {
                    tcpdump.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tcpdump.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
