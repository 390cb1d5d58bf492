package dev.podwire.host.ip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JSON captured from the real tools by {@code src/test/resources/dev/podwire/host/ip/capture.sh}. */
public final class Fixtures {
    private static final Path DIR = Path.of("src/test/resources/dev/podwire/host/ip");

    private Fixtures() {
    }

    /** {@return the fixture {@code name}, e.g. {@code route-show.json}} */
    public static String read(String name) {
        try {
            return Files.readString(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
