package dev.podwire.subnet;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden-file check for the flannel-side renderers (subnet, ipam, backend packages). Files live under
 * {@code src/test/resources/<package path>/<scenario>/}; run with {@code -Dgolden.update=true} to rewrite them,
 * then review the diff.
 */
public final class FlannelGolden {
    private FlannelGolden() {
    }

    /**
     * Fails with a line diff and the full actual text unless {@code actual} equals the golden file.
     *
     * @param owner a class in the package whose resource directory holds the scenario
     */
    public static void check(Class<?> owner, String scenario, String file, String actual) {
        Path path = Path.of("src/test/resources", owner.getPackageName().replace('.', '/'), scenario, file);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(path)) {
                fail("golden file missing: " + path + " (run with -Dgolden.update=true)\n--- actual ---\n" + actual);
            }
            String expected = Files.readString(path, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                fail("golden mismatch: " + path + "\n--- diff (-expected +actual) ---\n" + diff(expected, actual)
                        + "--- actual ---\n" + actual);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Line diff from a longest-common-subsequence table; golden files are small.
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
