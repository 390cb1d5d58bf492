package dev.podwire.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HttpHeadTest {

    private static HttpHead parse(String text) {
        return HttpHead.parse(text).orElseThrow();
    }

    @Test
    void parsesCurlRequestHead() {
        HttpHead h = parse("GET /hostname HTTP/1.1\r\nHost: 10.123.0.2\r\nUser-Agent: curl/7.88.1\r\nAccept: */*");
        assertEquals("GET", h.method());
        assertEquals("/hostname", h.path());
        assertEquals(1, h.minorVersion());
        assertEquals(Optional.of("curl/7.88.1"), h.header("user-agent"));
        assertTrue(h.keepAlive());
    }

    @Test
    void http10KeepsAliveOnlyWhenAsked() {
        assertFalse(parse("GET / HTTP/1.0").keepAlive());
        assertTrue(parse("GET / HTTP/1.0\nConnection: Keep-Alive").keepAlive());
        assertFalse(parse("GET / HTTP/1.1\nConnection: foo, close").keepAlive());
    }

    @Test
    void splitsPathAndQueryAndStripsAbsoluteForm() {
        HttpHead h = parse("GET http://example.com:8080/echo?msg=a%20b HTTP/1.1");
        assertEquals("/echo", h.path());
        assertEquals("msg=a%20b", h.query());
        assertEquals("/", parse("GET http://example.com HTTP/1.1").path());
    }

    @Test
    void rejectsMalformedHeads() {
        assertTrue(HttpHead.parse("GET / HTTP/1.1\r\nno colon here").isEmpty());
        assertTrue(HttpHead.parse("GET / HTTP/1.1\r\n folded: line").isEmpty());
        assertTrue(HttpHead.parse("GET / HTTP/1.1\r\nbad name: x").isEmpty());
        assertTrue(HttpHead.parse("GET /").isEmpty());
        assertTrue(HttpHead.parse("").isEmpty());
    }

    @Test
    void trimsHeaderValues() {
        assertEquals(Optional.of("a b"), parse("GET / HTTP/1.1\nX:   a b \t").header("x"));
        assertEquals(Optional.of(""), parse("GET / HTTP/1.1\nX:").header("X"));
    }

    @Test
    void contentLengthIsZeroWhenAbsentAndRejectsConflicts() {
        assertEquals(OptionalLong.of(0), TcpConnection.contentLength(parse("POST / HTTP/1.1")));
        assertEquals(OptionalLong.of(5), TcpConnection.contentLength(parse("POST / HTTP/1.1\nContent-Length: 5")));
        assertEquals(OptionalLong.of(5),
                TcpConnection.contentLength(parse("POST / HTTP/1.1\nContent-Length: 5\nContent-Length: 5")));
        assertEquals(OptionalLong.empty(),
                TcpConnection.contentLength(parse("POST / HTTP/1.1\nContent-Length: 5\nContent-Length: 6")));
        assertEquals(OptionalLong.empty(), TcpConnection.contentLength(parse("POST / HTTP/1.1\nContent-Length: -1")));
        assertEquals(OptionalLong.empty(),
                TcpConnection.contentLength(parse("POST / HTTP/1.1\nContent-Length: 99999999999999999999")));
    }
}
