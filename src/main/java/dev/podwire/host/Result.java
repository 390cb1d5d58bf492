package dev.podwire.host;

import java.util.Objects;

/**
 * A finished command.
 *
 * @param command what ran
 * @param exitCode the process exit status
 * @param stdout standard output
 * @param stderr standard error
 */
public record Result(Command command, int exitCode, String stdout, String stderr) {

    /** Validates. */
    public Result {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** {@return whether the command exited 0} */
    public boolean ok() {
        return exitCode == 0;
    }

    /** {@return this result} @throws CommandFailedException when the exit code is not 0 */
    public Result orThrow() {
        if (!ok()) {
            throw new CommandFailedException(this);
        }
        return this;
    }
}
