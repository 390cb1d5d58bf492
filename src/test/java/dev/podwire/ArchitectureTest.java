package dev.podwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.podwire.daemon.DaemonMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the line on the source tree's shape: the packages of {@code src/main/java} depend on each other without a
 * cycle (so that each layer can be read, tested and replaced without the ones above it), and no file there is longer
 * than {@link #MAX_LINES} lines.
 *
 * <p>Dependencies are read by the JDK's {@code jdeps} from the compiled classes, which sees every reference the code
 * really makes (imports, fully qualified names, nested types) and nothing a comment or a string mentions.
 */
class ArchitectureTest {
    /** The longest a file in {@code src/main/java} may be. */
    static final int MAX_LINES = 400;

    /**
     * Files that were over {@link #MAX_LINES} when the check came in, by path under {@code src/main/java}. The list can
     * only shrink: a listed file that is split below the limit must leave the list, and no file may join it.
     */
    private static final Set<String> KNOWN_OVERSIZED = Set.of();

    // "   dev.podwire.a.Foo$Bar      -> dev.podwire.b.Baz      classes"
    private static final Pattern EDGE = Pattern.compile(
            "^\\s+(dev\\.podwire\\.[\\w.$]+)\\s+->\\s+(dev\\.podwire\\.[\\w.$]+)\\s+\\S+\\s*$");

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        Map<String, Map<String, String>> graph = packageGraph(mainClasses());
        // The parse must have found the graph, or an empty one would pass: one edge every lab daemon has.
        assertTrue(graph.getOrDefault("dev.podwire.daemon", Map.of()).containsKey("dev.podwire.lab"),
                "jdeps output not understood: no edge dev.podwire.daemon -> dev.podwire.lab among " + graph.keySet());
        List<List<String>> cycles = cycles(graph);
        if (!cycles.isEmpty()) {
            StringBuilder why = new StringBuilder("package cycles in src/main/java:");
            for (List<String> cycle : cycles) {
                why.append("\n  ").append(String.join(" <-> ", cycle)).append(", through:");
                for (String from : cycle) {
                    graph.get(from).forEach((to, example) -> {
                        if (cycle.contains(to)) {
                            why.append("\n    ").append(from).append(" -> ").append(to).append(" (").append(example)
                                    .append(")");
                        }
                    });
                }
            }
            fail(why.toString());
        }
    }

    @Test
    void cycleFinderFindsTheCycleAndOnlyIt() {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        graph.put("a", Map.of("b", "A -> B"));
        graph.put("b", Map.of("c", "B -> C", "d", "B -> D"));
        graph.put("c", Map.of("a", "C -> A"));
        graph.put("d", Map.of());
        assertEquals(List.of(List.of("a", "b", "c")), cycles(graph));
        graph.put("c", Map.of());
        assertEquals(List.of(), cycles(graph));
    }

    @Test
    void noFileIsLongerThanTheLimitExceptTheKnownOnesWhichOnlyShrink() throws IOException {
        Path root = Path.of("src/main/java");
        assertTrue(Files.isDirectory(root), "run from the project directory: no " + root.toAbsolutePath());
        Map<String, Integer> over = new TreeMap<>();
        int files = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                int lines = Files.readAllLines(p).size();
                if (lines > MAX_LINES) {
                    over.put(root.relativize(p).toString(), lines);
                }
            }
        }
        assertTrue(files > 100, "only " + files + " Java files under " + root);
        List<String> problems = new ArrayList<>();
        over.forEach((file, lines) -> {
            if (!KNOWN_OVERSIZED.contains(file)) {
                problems.add(file + " has " + lines + " lines (expected: at most " + MAX_LINES + "; split it by"
                        + " responsibility)");
            }
        });
        for (String known : new TreeSet<>(KNOWN_OVERSIZED)) {
            if (!over.containsKey(known)) {
                problems.add(known + " is no longer over " + MAX_LINES + " lines (or gone): remove it from"
                        + " KNOWN_OVERSIZED");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** {@return the directory the main classes were compiled to} */
    private static Path mainClasses() {
        try {
            return Path.of(DaemonMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@return package -> (package it depends on -> one class-level reference that makes it so)}, for podwire's own
     * packages, as {@code jdeps -verbose:class} reports them (references within one package are left out)
     */
    static Map<String, Map<String, String>> packageGraph(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException(
                "no jdeps in this JDK (" + System.getProperty("java.home") + ")"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-e", "dev\\.podwire\\..*",
                classes.toString());
        if (exit != 0) {
            throw new UncheckedIOException(new IOException("jdeps -verbose:class " + classes + " exited " + exit + ": "
                    + err));
        }
        Map<String, Map<String, String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String from = packageOf(m.group(1));
            String to = packageOf(m.group(2));
            graph.computeIfAbsent(to, k -> new TreeMap<>());
            if (!from.equals(to)) {
                graph.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, m.group(1) + " -> " + m.group(2));
            }
        }
        return graph;
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /** {@return every cycle: the strongly connected components of more than one package, each sorted, in order} */
    static List<List<String>> cycles(Map<String, Map<String, String>> graph) {
        Tarjan t = new Tarjan(graph);
        new TreeSet<>(graph.keySet()).forEach(v -> {
            if (!t.index.containsKey(v)) {
                t.visit(v);
            }
        });
        t.components.sort((a, b) -> a.getFirst().compareTo(b.getFirst()));
        return t.components;
    }

    /** Tarjan's strongly connected components; package graphs are a few dozen nodes, so recursion is fine. */
    private static final class Tarjan {
        private final Map<String, Map<String, String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<List<String>> components = new ArrayList<>();

        Tarjan(Map<String, Map<String, String>> graph) {
            this.graph = graph;
        }

        void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : new TreeSet<>(graph.getOrDefault(v, Map.of()).keySet())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                List<String> component = new ArrayList<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                if (component.size() > 1) {
                    component.sort(null);
                    components.add(List.copyOf(component));
                }
            }
        }
    }
}
