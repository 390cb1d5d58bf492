package dev.podwire.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UdpResponderTest {

    private static String reply(String datagram) {
        byte[] out = UdpResponder.reply(datagram.getBytes(StandardCharsets.UTF_8), "web-0", "10.123.0.1:40000")
                .orElseThrow();
        return new String(out, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "hostname        | web-0",
        "hostname\\n     | web-0",
        "HOSTNAME        | web-0",
        "clientip\\n     | 10.123.0.1:40000",
        "echo Hello There| Hello There",
        "echo            | ''",
        "echo hostname\\n| hostname",
        "ping            | ping",
    })
    void answersAgnhostCommands(String datagram, String expected) {
        assertEquals(expected, reply(datagram.strip().replace("\\n", "\n")));
    }

    @Test
    void echoesUnknownDatagramsByteForByte() {
        byte[] garbage = {0, (byte) 0xff, 10, 13, (byte) 0x80};
        assertArrayEquals(garbage, UdpResponder.reply(garbage, "p", "1.2.3.4:5").orElseThrow());
    }

    @Test
    void ignoresEmptyDatagram() {
        assertTrue(UdpResponder.reply(new byte[0], "p", "1.2.3.4:5").isEmpty());
    }
}
