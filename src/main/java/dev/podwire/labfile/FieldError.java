package dev.podwire.labfile;

/**
 * A problem at one field path of one document, before the file, line and document are known. {@link LabFiles}
 * turns it into a {@link ConfigException}; manifest checks ({@link ManifestRules.Check}) throw it.
 */
public final class FieldError extends RuntimeException {
    private final String path;
    private final String problem;
    private final String hint;

    /**
     * @param path field path, empty for the whole document
     * @param problem what is wrong, usually {@code value (expected: constraint)}
     * @param hint what to do about it
     */
    public FieldError(String path, String problem, String hint) {
        super(path + ": " + problem, null, false, false);
        this.path = path;
        this.problem = problem;
        this.hint = hint;
    }

    /** {@return the field path, empty for the whole document} */
    public String path() {
        return path;
    }

    /** {@return what is wrong} */
    public String problem() {
        return problem;
    }

    /** {@return what to do about it} */
    public String hint() {
        return hint;
    }
}
