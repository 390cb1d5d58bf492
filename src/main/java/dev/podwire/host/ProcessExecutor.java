package dev.podwire.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Runs commands as real processes. The one place that starts processes for kernel work. A command that runs longer
 * than {@link #TIMEOUT} is killed and reported as exit 124 (as {@code timeout(1)} does), so one stuck tool cannot
 * hang a node agent or {@code podwire down}.
 */
public final class ProcessExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(ProcessExecutor.class.getName());
    /** The longest any kernel command may take. */
    public static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(60);

    @Override
    public Result run(Command command) {
        ProcessBuilder pb = new ProcessBuilder(command.processArgv());
        pb.environment().put("LC_ALL", "C");
        try {
            Process p = pb.start();
            // Read both streams concurrently, on virtual threads: a chatty command would otherwise fill one pipe and
            // block forever, and the common pool is too small to block in when many agents run commands at once.
            CompletableFuture<String> out = new CompletableFuture<>();
            CompletableFuture<String> err = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> complete(out, p.getInputStream()));
            Thread.ofVirtual().start(() -> complete(err, p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(command.stdin().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The process may exit before reading all input; its exit code and stderr tell why.
            }
            int code;
            try {
                if (p.waitFor(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    code = p.exitValue();
                } else {
                    p.destroyForcibly();
                    return new Result(command, 124, "", "timed out after " + TIMEOUT.toSeconds() + " s (killed)");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                throw e;
            }
            Result r = new Result(command, code, out.join(), err.join());
            LOG.log(System.Logger.Level.DEBUG, () -> "exec netns=" + command.netns() + " argv=" + command.argv()
                    + " exit=" + code);
            LOG.log(System.Logger.Level.TRACE, () -> "exec stdin=" + command.stdin());
            return r;
        } catch (IOException e) {
            return new Result(command, 127, "", "cannot start " + command.argv().getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(command, 130, "", "interrupted");
        }
    }

    private static void complete(CompletableFuture<String> future, InputStream in) {
        try {
            future.complete(drain(in));
        } catch (RuntimeException e) {
            future.complete("");
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
