package dev.podwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaptureCommandTest {

    @Test
    void tcpdumpGetsEveryPacketAtOnceSoAShortCaptureIsNotEmpty() {
        assertEquals(List.of("tcpdump", "-n", "-l", "--immediate-mode", "-Z", "root", "-i", "any", "-c", "10", "-U",
                "-w", "/tmp/a.pcap", "tcp", "port", "80"), CaptureCommand.tcpdumpArgv("any", Optional.of(10),
                Optional.of(Path.of("/tmp/a.pcap")), List.of("tcp", "port", "80")));
        assertEquals(List.of("tcpdump", "-n", "-l", "--immediate-mode", "-Z", "root", "-i", "eth0"),
                CaptureCommand.tcpdumpArgv("eth0", Optional.empty(), Optional.empty(), List.of()));
    }
}
