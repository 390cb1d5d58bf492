package dev.podwire.host;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A long-running command (a trace monitor, a capture) started in the background with its standard output and error
 * going to a file, and stopped by its own PID. Lives in this package because only {@code exec} starts processes.
 */
public final class Background implements AutoCloseable {
    private final Command command;
    private final Process process;

    private Background(Command command, Process process) {
        this.command = command;
        this.process = process;
    }

    /** {@return the started command} @throws CommandFailedException when it cannot be started */
    public static Background start(Command command, Path output) {
        ProcessBuilder pb = new ProcessBuilder(command.processArgv())
                .redirectOutput(output.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        try {
            return new Background(command, pb.start());
        } catch (IOException e) {
            throw new CommandFailedException(new Result(command, 127, "", "cannot start "
                    + command.argv().getFirst() + ": " + e.getMessage()));
        }
    }

    /** {@return the process, for recording its PID} */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** {@return the command} */
    public Command command() {
        return command;
    }

    /** {@return whether it is still running} */
    public boolean alive() {
        return process.isAlive();
    }

    /** Ends it with SIGTERM, then SIGKILL after {@code grace}; {@return its exit code} */
    public int stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(1));
        }
    }
}
