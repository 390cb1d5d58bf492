package dev.podwire.workload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw TCP client for loopback tests: writes exact bytes and reads exact HTTP responses. */
final class LoopbackClient implements AutoCloseable {
    final Socket socket;
    private final InputStream in;

    LoopbackClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] data) throws IOException {
        socket.getOutputStream().write(data);
        socket.getOutputStream().flush();
    }

    /** {@return one response: head text (without the empty line) and body, reading exactly Content-Length} */
    String[] response(boolean head) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof after: " + text);
            }
            text.append((char) b);
        }
        String headText = text.substring(0, text.length() - 4);
        int length = 0;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        byte[] body = head ? new byte[0] : in.readNBytes(length);
        return new String[] {headText, new String(body, StandardCharsets.UTF_8)};
    }

    /** {@return exactly {@code n} bytes} */
    byte[] read(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** {@return everything until the server closes} */
    String readToEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
