package dev.podwire.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnifferTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1\\r\\n                | HTTP",
        "GET /hostname HTTP/1.0\\n          | HTTP",
        "HEAD / HTTP/1.1\\r\\nHost: x\\r\\n   | HTTP",
        "GE                                | UNDECIDED",
        "GET /hostn                        | UNDECIDED",
        "GET / HTTP/1.1                    | UNDECIDED",
        "GET / HTTP/1.1\\r                  | UNDECIDED",
        "hello\\n                           | ECHO",
        "get / HTTP/1.1\\r\\n                | ECHO",
        "GET / HTTP/2.0\\r\\n                | ECHO",
        "GET / HTTP/1.1 extra\\r\\n          | ECHO",
        "GET  / HTTP/1.1\\r\\n               | ECHO",
        "GET /\\n                           | ECHO",
        "ABCDEFGHIJKLMNOPQ / HTTP/1.1\\r\\n  | ECHO",
    })
    void classifiesFirstBytesOfConnection(String escaped, Sniffer.Verdict expected) {
        byte[] data = escaped.strip().replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(expected, Sniffer.classify(data, data.length));
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "255", "22"})
    void classifiesBinaryGarbageAsEchoAtFirstByte(int first) {
        byte[] data = {(byte) first, 'G', 'E', 'T'};
        assertEquals(Sniffer.Verdict.ECHO, Sniffer.classify(data, data.length));
    }

    @org.junit.jupiter.api.Test
    void classifiesNothingYetAsUndecided() {
        assertEquals(Sniffer.Verdict.UNDECIDED, Sniffer.classify(new byte[16], 0));
    }
}
