package dev.podwire.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Runs commands as real processes. The one place that starts processes for kernel work. */
public final class ProcessExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(ProcessExecutor.class.getName());

    @Override
    public Result run(Command command) {
        ProcessBuilder pb = new ProcessBuilder(command.processArgv());
        pb.environment().put("LC_ALL", "C");
        try {
            Process p = pb.start();
            // Read both streams concurrently: a chatty command would otherwise fill one pipe and block forever.
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(command.stdin().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The process may exit before reading all input; its exit code and stderr tell why.
            }
            int code = p.waitFor();
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

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
