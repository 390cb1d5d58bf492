package dev.podwire.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A tcpdump running inside a lab namespace, stopped by its own PID, decoded with tshark. */
final class Capture implements AutoCloseable {
    private final Process tcpdump;
    private final Path file;

    private Capture(Process tcpdump, Path file) {
        this.tcpdump = tcpdump;
        this.file = file;
    }

    /** Starts capturing on {@code iface} in {@code netns}; returns once tcpdump listens. */
    static Capture start(String netns, String iface, String filter) throws IOException {
        Path file = Files.createTempFile("podwire-capture", ".pcap");
        Process p = new ProcessBuilder(List.of("ip", "netns", "exec", netns, "tcpdump", "-i", iface, "-n",
                "--immediate-mode", "-U", "-w", file.toString(), filter)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream()));
        String line = err.readLine();
        if (line == null || !line.contains("listening on")) {
            p.destroyForcibly();
            throw new IOException("tcpdump did not start in " + netns + ": " + line);
        }
        return new Capture(p, file);
    }

    /** Stops tcpdump and {@return tshark's decode, one line per packet, with VXLAN on 8472} */
    String stopAndDecode(String... fields) throws IOException, InterruptedException {
        close();
        List<String> argv = new java.util.ArrayList<>(List.of("tshark", "-r", file.toString(), "-d",
                "udp.port==8472,vxlan", "-T", "fields", "-E", "separator=|"));
        for (String f : fields) {
            argv.add("-e");
            argv.add(f);
        }
        Process t = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(t.getInputStream().readAllBytes());
        t.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() throws IOException {
        if (tcpdump.isAlive()) {
            tcpdump.destroy();
            try {
                tcpdump.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tcpdump.destroyForcibly();
        }
    }

    /** Deletes the capture file. */
    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
