package dev.podwire.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.podwire.net.Protocol;

/** The TCP side of a workload on 127.0.0.1, driven with raw bytes like curl, wget and misbehaving clients send. */
class WorkloadLoopbackTest {
    static final WorkloadOptions LOOPBACK = new WorkloadOptions(Ipv4.parse("127.0.0.1"), true, InstantSource.system(),
            Duration.ofSeconds(2), Duration.ofMillis(300), 16);

    private Workload workload;
    private int port;

    @BeforeEach
    void start() {
        workload = Workload.start(Netns.HOST, new WorkloadSpec("web-0", "default", "nginx:1.14.2",
                List.of(new PortSpec("http", 80, Protocol.TCP))), LOOPBACK);
        port = workload.boundPorts().getFirst().port();
    }

    @AfterEach
    void stop() {
        workload.close();
    }

    private static String curl(String path, int port) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
    }

    @Test
    void answersCurlRequestAndKeepsConnectionOpen() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send(curl("/hostname", port));
            String[] r = c.response(false);
            assertTrue(r[0].startsWith("HTTP/1.1 200 OK\r\n"), r[0]);
            assertTrue(r[0].contains("\r\nServer: nginx/1.14.2\r\n"), r[0]);
            assertTrue(r[0].contains("\r\nConnection: keep-alive"), r[0]);
            assertEquals("web-0", r[1]);
            c.send(curl("/clientip", port));
            assertEquals("127.0.0.1:" + c.socket.getLocalPort(), c.response(false)[1]);
            c.send(curl("/", port));
            assertTrue(c.response(false)[1].contains("<title>Welcome to nginx!</title>"));
        }
    }

    @Test
    void answersWgetHttp10KeepAliveRequests() throws IOException {
        String wget = "GET /echo?msg=hi%20there HTTP/1.0\r\nUser-Agent: Wget/1.21.3\r\nAccept: */*\r\n"
                + "Accept-Encoding: identity\r\nHost: 127.0.0.1\r\nConnection: Keep-Alive\r\n\r\n";
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send(wget);
            assertEquals("hi there", c.response(false)[1]);
            c.send(wget.replace("Connection: Keep-Alive\r\n", ""));
            String[] r = c.response(false);
            assertTrue(r[0].contains("Connection: close"), r[0]);
            assertEquals("", c.readToEnd());
        }
    }

    @Test
    void servesPipelinedRequestsInOrder() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send(curl("/echo?msg=one", port) + curl("/echo?msg=two", port) + curl("/healthz", port));
            assertEquals("one", c.response(false)[1]);
            assertEquals("two", c.response(false)[1]);
            assertEquals("ok", c.response(false)[1]);
        }
    }

    @Test
    void headSendsHeadersOnlyAndConnectionStaysUsable() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send(curl("/", port).replace("GET", "HEAD"));
            String[] r = c.response(true);
            assertTrue(r[0].contains("Content-Length: 612"), r[0]);
            c.send(curl("/hostname", port));
            assertEquals("web-0", c.response(false)[1]);
        }
    }

    @Test
    void unknownPathIs404() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send(curl("/nope", port));
            String[] r = c.response(false);
            assertTrue(r[0].startsWith("HTTP/1.1 404 Not Found"), r[0]);
            assertTrue(r[1].contains("<center>nginx/1.14.2</center>"), r[1]);
        }
    }

    @Test
    void postBodyIsReadAfter100Continue() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send("POST /echo?msg=x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue", c.response(true)[0]);
            c.send("hello" + curl("/healthz", port));
            assertEquals("x", c.response(false)[1]);
            assertEquals("ok", c.response(false)[1]);
        }
    }

    @Test
    void echoesBinaryGarbage() throws IOException {
        byte[] garbage = {0, 1, 2, (byte) 0xff, '\r', '\n', 'G', 'E', 'T'};
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send(garbage);
            assertArrayEquals(garbage, c.read(garbage.length));
            c.send("more\n");
            assertEquals("more\n", new String(c.read(5)));
        }
    }

    @Test
    void echoesTextThatIsNotARequestLine() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send("hello world\n");
            assertEquals("hello world\n", new String(c.read(12)));
        }
    }

    @Test
    void echoesPartialMethodOnceClientHalfCloses() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send("GE");
            c.socket.shutdownOutput();
            assertEquals("GE", c.readToEnd());
        }
    }

    @Test
    void echoesPartialMethodAfterSniffTimeout() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send("GET /x");
            assertEquals("GET /x", new String(c.read(6)));
        }
    }

    @Test
    void oversizedHeadGets431AndClose() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send("GET / HTTP/1.1\r\nX: " + "a".repeat(10_000) + "\r\n\r\n");
            String all = c.readToEnd();
            assertTrue(all.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"), all);
        }
    }

    @Test
    void malformedHeaderGets400AndClose() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send("GET / HTTP/1.1\r\nthis is not a header\r\n\r\n");
            assertTrue(c.readToEnd().startsWith("HTTP/1.1 400 Bad Request\r\n"));
        }
    }

    @Test
    void oversizedBodyGets413AndChunkedGets501() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send("POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n");
            assertTrue(c.readToEnd().startsWith("HTTP/1.1 413 "));
        }
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
            assertTrue(c.readToEnd().startsWith("HTTP/1.1 501 "));
        }
    }

    @Test
    void closesIdleConnectionAfterTimeout() throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            long t0 = System.nanoTime();
            assertEquals("", c.readToEnd());
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(1500).toNanos());
        }
    }

    @Test
    void closeEndsOpenConnectionsAndFreesThePort() throws IOException {
        LoopbackClient c = new LoopbackClient(port);
        c.send(curl("/healthz", port));
        assertEquals("ok", c.response(false)[1]);
        workload.close();
        assertEquals("", c.readToEnd());
        c.close();
        assertEquals(new ProbeResult.Refused(),
                Probe.tcpConnect(Netns.HOST, Ipv4.parse("127.0.0.1"), port, Duration.ofSeconds(1)));
    }

    @Test
    void survivesManyBadClientsAndStillServes() throws IOException {
        for (int i = 0; i < 40; i++) {
            try (LoopbackClient c = new LoopbackClient(port)) {
                c.send(i % 2 == 0 ? "GET / HTTP/1.1\r\n\0\0\r\n\r\n" : "\u0016\u0003\u0001garbage");
                c.socket.shutdownOutput();
                c.readToEnd();
            }
        }
        try (LoopbackClient c = new LoopbackClient(port)) {
            c.send(curl("/hostname", port));
            assertEquals("web-0", c.response(false)[1]);
        }
    }
}
