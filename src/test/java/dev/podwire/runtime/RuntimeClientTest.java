package dev.podwire.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.rpc.Message;
import dev.podwire.lab.ProcessRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runtime that accepts a call and never answers fails the call within its deadline, naming the socket. */
class RuntimeClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void callToAHungRuntimeFailsAfterTheDeadlineNamingTheSocket(@TempDir Path tmp) throws Exception {
        RuntimePaths paths = new RuntimePaths(tmp.resolve("runtime.sock"));
        List<SocketChannel> held = new CopyOnWriteArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(paths.socket()));
            // Answers the first call (ping), then accepts and never answers: a runtime stuck in a handler.
            Thread.ofVirtual().start(() -> {
                try {
                    SocketChannel first = server.accept();
                    held.add(first);
                    String info = JSON.writeValueAsString(new RuntimeInfo(ProcessRef.of(ProcessHandle.current()), 0));
                    String answer = JSON.writeValueAsString(Message.out(info)) + "\n"
                            + JSON.writeValueAsString(Message.exit(0)) + "\n";
                    first.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                    while (true) {
                        held.add(server.accept());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            RuntimeClient client = RuntimeClient.connect(paths, Duration.ofMillis(300));
            long t0 = System.nanoTime();
            UncheckedIOException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(UncheckedIOException.class, client::list));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(e.getCause() instanceof SocketTimeoutException, e.toString());
            assertTrue(e.getMessage().contains(paths.socket().toString()) && e.getMessage().contains("300 ms"),
                    e.getMessage());
            assertTrue(took.compareTo(Duration.ofMillis(250)) > 0, "gave up early: " + took);
            assertThrows(SocketTimeoutException.class, () -> RuntimeClient.connect(paths, Duration.ofMillis(300)));
        } finally {
            for (SocketChannel c : held) {
                c.close();
            }
        }
    }
}
