package dev.podwire.workload;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A response about to be written. Pure.
 *
 * @param status the status code, e.g. 200
 * @param headers header fields in the order the imitated server sends them, without Content-Length and Connection
 * @param body the body text (sent as UTF-8)
 */
record HttpResponse(int status, List<HttpHead.Field> headers, String body) {

    HttpResponse {
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** {@return the reason phrase for {@code status}} */
    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Request Entity Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            default -> "Status " + status;
        };
    }

    /**
     * {@return the wire bytes}: status line, headers, Content-Length, Connection, blank line and, unless
     * {@code headOnly}, the body. Content-Length is the body's length even for HEAD, as RFC 9110 section 8.6 allows.
     */
    byte[] encode(boolean headOnly, boolean keepAlive) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        for (HttpHead.Field f : headers) {
            head.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        head.append("Content-Length: ").append(content.length).append("\r\n");
        head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (headOnly) {
            return headBytes;
        }
        byte[] out = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(content, 0, out, headBytes.length, content.length);
        return out;
    }
}
