package dev.podwire.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The daemon's end of the CLI protocol: a unix socket readable by root only, one JSON {@link Request} line in, JSON
 * {@link Message} lines out, the last an {@code exit}. Each connection is served on a virtual thread.
 */
public final class RpcServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RpcServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Serves one request. Returns the exit code; throwing is answered as exit 1 with the message. */
    public interface Handler {
        /** {@return the exit code} */
        int handle(Request request, Reply reply) throws Exception;
    }

    private final ServerSocketChannel server;
    private final Path socket;
    private final Thread acceptor;

    private RpcServer(ServerSocketChannel server, Path socket, Handler handler) {
        this.server = server;
        this.socket = socket;
        this.acceptor = Thread.ofPlatform().name("rpc-accept").daemon(true).start(() -> acceptLoop(handler));
    }

    /** {@return a server listening on {@code socket} (replacing a stale socket file)} */
    public static RpcServer start(Path socket, Handler handler) {
        try {
            Files.createDirectories(socket.getParent());
            Files.deleteIfExists(socket);
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            return new RpcServer(ch, socket, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("listen on " + socket, e);
        }
    }

    private void acceptLoop(Handler handler) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("rpc").start(() -> serve(client, handler));
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(System.Logger.Level.WARNING, "rpc accept failed: " + e.getMessage());
                }
            }
        }
    }

    private static void serve(SocketChannel client, Handler handler) {
        try (client; OutputStream raw = Channels.newOutputStream(client)) {
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                return;
            }
            Object lock = new Object();
            Reply reply = new Reply() {
                @Override
                public void out(String text) {
                    send(raw, lock, Message.out(text));
                }

                @Override
                public void err(String text) {
                    send(raw, lock, Message.err(text));
                }
            };
            int code;
            try {
                code = handler.handle(JSON.readValue(line, Request.class), reply);
            } catch (RequestException e) {
                reply.err("error: " + e.getMessage());
                code = e.exitCode();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "request failed: " + line, e);
                reply.err("error: " + e.getMessage());
                code = 1;
            }
            send(raw, lock, Message.exit(code));
        } catch (IOException | UncheckedIOException e) {
            // The CLI went away (Ctrl-C); nothing to answer.
        }
    }

    private static void send(OutputStream raw, Object lock, Message m) {
        synchronized (lock) {
            try {
                raw.write((JSON.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8));
                raw.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "close rpc socket: " + e.getMessage());
        }
        acceptor.interrupt();
    }
}
