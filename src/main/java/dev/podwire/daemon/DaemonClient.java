package dev.podwire.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The CLI's end of the protocol: sends one request and passes every answer line on as it arrives. */
public final class DaemonClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DaemonClient() {}

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
            ch.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(ch).write((JSON.writeValueAsString(request) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
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
}
