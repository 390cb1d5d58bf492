package dev.podwire.labfile;

/**
 * A problem at one field path of one document, before the file, line and document are known. {@link LabFiles}
 * turns it into a {@link ConfigException}.
 */
final class FieldError extends RuntimeException {
    private final String path;
    private final String problem;
    private final String hint;

    /**
     * @param path field path, empty for the whole document
     * @param problem what is wrong, usually {@code value (expected: constraint)}
     * @param hint what to do about it
     */
    FieldError(String path, String problem, String hint) {
        super(path + ": " + problem, null, false, false);
        this.path = path;
        this.problem = problem;
        this.hint = hint;
    }

    String path() {
        return path;
    }

    String problem() {
        return problem;
    }

    String hint() {
        return hint;
    }
}
