package dev.podwire.control;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden files for {@code dev.podwire.control} under {@code src/test/resources/dev/podwire/control/<scenario>/}.
 * On mismatch prints a line diff and the full actual text; {@code -Dgolden.update=true} rewrites the file.
 */
final class ControlGolden {
    private static final Path ROOT = Path.of("src/test/resources/dev/podwire/control");

    private ControlGolden() {}

    static void assertGolden(String scenario, String file, String actual) {
        Path path = ROOT.resolve(scenario).resolve(file);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, actual);
                return;
            }
            if (!Files.exists(path)) {
                fail("missing golden file " + path + " (run with -Dgolden.update=true); actual:\n" + actual);
            }
            String expected = Files.readString(path);
            if (!expected.equals(actual)) {
                fail("golden mismatch " + path + "\n" + diff(expected, actual) + "\n--- full actual ---\n" + actual);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String diff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        StringBuilder out = new StringBuilder("--- expected\n+++ actual\n");
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String el = i < e.size() ? e.get(i) : null;
            String al = i < a.size() ? a.get(i) : null;
            if (el != null && el.equals(al)) {
                out.append(' ').append(el).append('\n');
                continue;
            }
            if (el != null) {
                out.append('-').append(el).append('\n');
            }
            if (al != null) {
                out.append('+').append(al).append('\n');
            }
        }
        return out.toString();
    }
}
