package dev.podwire.golden;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden-file assertions: compares rendered text with {@code src/test/resources/<path>}; on mismatch prints a
 * line diff and the whole actual text. {@code -Dgolden.update=true} rewrites the files (review the diff after).
 */
public final class Golden {
    private static final Path ROOT = Path.of("src/test/resources");

    private Golden() {}

    /** Asserts {@code actual} equals the golden file at {@code path} (relative to src/test/resources). */
    public static void assertGolden(String path, String actual) {
        Path file = ROOT.resolve(path);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
                return;
            }
            if (!Files.exists(file)) {
                fail("golden file " + file + " is missing; run with -Dgolden.update=true. Actual:\n" + actual);
            }
            String expected = Files.readString(file);
            if (!expected.equals(actual)) {
                fail("rendered text differs from " + file + "\n" + diff(expected, actual) + "\n--- actual ---\n"
                        + actual);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String diff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String el = i < e.size() ? e.get(i) : null;
            String al = i < a.size() ? a.get(i) : null;
            if (el == null || !el.equals(al)) {
                if (el != null) {
                    out.append("-").append(i + 1).append(": ").append(el).append('\n');
                }
                if (al != null) {
                    out.append("+").append(i + 1).append(": ").append(al).append('\n');
                }
            }
        }
        return out.toString();
    }
}
