package dev.podwire.labfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({"1s, 1000", "30s, 30000", "500ms, 500", "1m, 60000", "1m30s, 90000", "1.5h, 5400000", "0, 0",
        "-2s, -2000", "250us, 0"})
    void parsesGoDurations(String text, long millis) {
        assertEquals(Optional.of(Duration.ofMillis(millis)), GoDuration.parse(text).map(d -> Duration.ofMillis(
                d.toMillis())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "s", "1x", "1..5s", "1s2", "one second"})
    void rejectsWhatGoRejects(String text) {
        assertEquals(Optional.empty(), GoDuration.parse(text));
    }
}
