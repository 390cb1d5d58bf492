package dev.podwire.dns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** A minimal HTTP/1.1 responder for Prometheus scrapes: {@code GET /metrics} gets the text, anything else 404. */
final class MetricsEndpoint {
    private static final int READ_TIMEOUT_MILLIS = 5000;
    private static final int MAX_HEADER_LINES = 100;

    private MetricsEndpoint() {
    }

    /** Answers one request on {@code socket} and closes it. */
    static void serve(Socket socket, Supplier<String> metrics) {
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            for (int i = 0; i < MAX_HEADER_LINES; i++) {
                String line = in.readLine();
                if (line == null || line.isEmpty()) {
                    break;
                }
            }
            String[] parts = requestLine == null ? new String[0] : requestLine.split(" ");
            boolean ok = parts.length >= 2 && parts[0].equals("GET")
                    && (parts[1].equals("/metrics") || parts[1].startsWith("/metrics?"));
            byte[] body = (ok ? metrics.get() : "404 page not found\n").getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + (ok ? "200 OK" : "404 Not Found") + "\r\n"
                    + "Content-Type: " + (ok ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain") + "\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // The scraper went away; the next scrape gets a fresh connection.
        }
    }
}
