package dev.podwire.labfile;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A lab or manifest file is invalid. {@link #getMessage()} is one line naming where and what, e.g.
 * {@code examples/bad.yaml:14: document 2 (Deployment nginx): spec.template.spec.containers: [] (expected: at least
 * one container); hint: add a container with an image and ports}. The CLI maps it to exit code 2.
 */
public final class ConfigException extends RuntimeException {
    private final Path file;
    private final OptionalInt line;
    private final int document;
    private final Optional<String> kind;
    private final Optional<String> name;
    private final String path;
    private final String problem;
    private final String hint;

    ConfigException(Path file, OptionalInt line, int document, Optional<String> kind, Optional<String> name,
            String path, String problem, String hint, Throwable cause) {
        super(format(file, line, document, kind, name, path, problem, hint), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.line = Objects.requireNonNull(line, "line");
        this.document = document;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = Objects.requireNonNull(name, "name");
        this.path = Objects.requireNonNull(path, "path");
        this.problem = Objects.requireNonNull(problem, "problem");
        this.hint = Objects.requireNonNull(hint, "hint");
    }

    private static String format(Path file, OptionalInt line, int document, Optional<String> kind,
            Optional<String> name, String path, String problem, String hint) {
        StringBuilder b = new StringBuilder().append(file);
        line.ifPresent(l -> b.append(':').append(l));
        b.append(": ");
        if (document > 0) {
            b.append("document ").append(document);
            kind.ifPresent(k -> b.append(" (").append(k).append(name.map(n -> " " + n).orElse("")).append(')'));
            b.append(": ");
        }
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        b.append(problem);
        if (!hint.isEmpty()) {
            b.append("; hint: ").append(hint);
        }
        return b.toString();
    }

    /** {@return the file, as given by the caller} */
    public Path file() {
        return file;
    }

    /** {@return the 1-based line of the offending field (best effort), or empty when not tied to a line} */
    public OptionalInt line() {
        return line;
    }

    /** {@return the 1-based index of the document within its file, or 0 when the problem concerns the whole input} */
    public int document() {
        return document;
    }

    /** {@return the document's kind, when known} */
    public Optional<String> kind() {
        return kind;
    }

    /** {@return the document's metadata.name, when known} */
    public Optional<String> name() {
        return name;
    }

    /** {@return the field path such as {@code spec.nodes[1].address}; empty for the whole document or file} */
    public String fieldPath() {
        return path;
    }

    /** {@return what is wrong, usually {@code value (expected: constraint)}} */
    public String problem() {
        return problem;
    }

    /** {@return what to do about it; empty when there is nothing useful to say} */
    public String hint() {
        return hint;
    }
}
