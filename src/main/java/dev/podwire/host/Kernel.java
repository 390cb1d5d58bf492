package dev.podwire.host;

import static java.util.Objects.requireNonNull;

import dev.podwire.net.Netns;
import java.util.List;

/**
 * The kernel one syncer programs: a network namespace, and the executor that reaches it. What a node's syncers share
 * instead of a context object: each also gets the few settings it reads, and nothing else.
 *
 * @param netns the namespace ({@link Netns#HOST} for an agent managing the host it runs on)
 * @param executor the gateway to it
 */
public record Kernel(Netns netns, Executor executor) {
    /** Validates. */
    public Kernel {
        requireNonNull(netns, "netns");
        requireNonNull(executor, "executor");
    }

    /** {@return the result of {@code argv} run in this namespace}; a non-zero exit is a value */
    public Result run(String... argv) {
        return executor.run(new Command(netns, List.of(argv), ""));
    }

    /** {@return the result of {@code command}, which must target this namespace} */
    public Result run(Command command) {
        if (!command.netns().equals(netns)) {
            throw new IllegalArgumentException("command netns: " + command.netns() + " (expected: " + netns + ")");
        }
        return executor.run(command);
    }

    /** Runs {@code command} unless it has nothing to feed; @throws CommandFailedException when it fails */
    public void apply(Command command) {
        if (!command.stdin().isEmpty()) {
            run(command).orThrow();
        }
    }
}
