package dev.podwire.workload;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares text with a golden file under {@code src/test/resources/dev/podwire/workload/<scenario>/}; on mismatch
 * prints a line diff and the full actual text. {@code -Dgolden.update=true} rewrites the file instead.
 */
final class WorkloadGolden {
    private static final Path ROOT = Path.of("src/test/resources/dev/podwire/workload");

    private WorkloadGolden() {
    }

    static void check(String scenario, String file, String actual) {
        Path path = ROOT.resolve(scenario).resolve(file);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(path)) {
                fail("missing golden file " + path + " (run with -Dgolden.update=true)\nactual:\n" + actual);
            }
            String expected = Files.readString(path, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                fail("golden mismatch " + path + "\n" + diff(expected, actual) + "\nfull actual:\n" + actual);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String diff(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        StringBuilder out = new StringBuilder("--- expected\n+++ actual\n");
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : null;
            String y = i < b.size() ? b.get(i) : null;
            if (x == null || !x.equals(y)) {
                if (x != null) {
                    out.append("-").append(i + 1).append(": ").append(x).append('\n');
                }
                if (y != null) {
                    out.append("+").append(i + 1).append(": ").append(y).append('\n');
                }
            }
        }
        return out.toString();
    }
}
