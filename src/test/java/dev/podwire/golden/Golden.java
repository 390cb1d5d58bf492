package dev.podwire.golden;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden-file assertions for every package: compares rendered text with {@code src/test/resources/<path>}; on
 * mismatch fails with a unified line diff and the whole actual text. {@code -Dgolden.update=true} rewrites the files
 * (review the diff after).
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
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                fail("golden file " + file + " is missing; run with -Dgolden.update=true\n--- actual ---\n" + actual);
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                fail("rendered text differs from " + file + "\n--- diff (-expected +actual) ---\n"
                        + diff(expected, actual) + "--- actual ---\n" + actual);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts against {@code <directory>/<file>} (directory relative to src/test/resources). */
    public static void assertGolden(String directory, String file, String actual) {
        assertGolden(directory + "/" + file, actual);
    }

    /** Asserts against {@code <package of owner>/<scenario>/<file>}. */
    public static void assertGolden(Class<?> owner, String scenario, String file, String actual) {
        assertGolden(owner.getPackageName().replace('.', '/') + "/" + scenario + "/" + file, actual);
    }

    /** {@return a line diff from a longest-common-subsequence table; golden files are small} */
    static String diff(String expected, String actual) {
        List<String> a = List.of(expected.split("\n", -1));
        List<String> b = List.of(actual.split("\n", -1));
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add(" " + a.get(i++));
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+" + b.get(j++));
            } else {
                out.add("-" + a.get(i++));
            }
        }
        return String.join("\n", out) + "\n";
    }
}
