package dev.podwire.workload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Bytes read from one connection and not yet consumed; keeps pipelined requests for the next round. */
final class ConnectionBuffer {
    private final InputStream in;
    private final byte[] data;
    private int start;
    private int end;

    ConnectionBuffer(InputStream in, int capacity) {
        this.in = in;
        this.data = new byte[capacity];
    }

    /** {@return the unread bytes' backing array; valid from index 0 after {@link #compact}} */
    byte[] array() {
        return data;
    }

    /** {@return how many unread bytes there are} */
    int size() {
        return end - start;
    }

    /** Moves the unread bytes to the front of the array. */
    void compact() {
        if (start > 0) {
            System.arraycopy(data, start, data, 0, end - start);
            end -= start;
            start = 0;
        }
    }

    /** {@return bytes read, or -1 at end of stream or when full}; blocks at most the socket's timeout */
    int fill() throws IOException {
        compact();
        if (end == data.length) {
            return -1;
        }
        int n = in.read(data, end, data.length - end);
        if (n > 0) {
            end += n;
        }
        return n;
    }

    /** {@return the length of the request head including its empty line, or -1 when it is not complete yet} */
    int headLength() {
        for (int i = start; i < end; i++) {
            if (data[i] == '\n') {
                if (i + 1 < end && data[i + 1] == '\n') {
                    return i + 2 - start;
                }
                if (i + 2 < end && data[i + 1] == '\r' && data[i + 2] == '\n') {
                    return i + 3 - start;
                }
            }
        }
        return -1;
    }

    /** {@return the next {@code length} bytes as ISO-8859-1 text}, consuming them */
    String take(int length) {
        String text = new String(data, start, length, StandardCharsets.ISO_8859_1);
        start += length;
        return text;
    }

    /** {@return up to {@code max} bytes discarded from the unread ones} */
    int skip(long max) {
        int n = (int) Math.min(max, size());
        start += n;
        return n;
    }

    /** {@return the unread bytes}, consuming them */
    byte[] drain() {
        byte[] out = java.util.Arrays.copyOfRange(data, start, end);
        start = end;
        return out;
    }
}
