package dev.podwire.host;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Records every command and answers with a scripted result (exit 0, empty output, unless a responder says otherwise).
 */
public final class FakeExecutor implements Executor {
    private final List<Command> commands = new ArrayList<>();
    private final List<Function<Command, java.util.Optional<Result>>> responders = new ArrayList<>();

    @Override
    public synchronized Result run(Command command) {
        commands.add(command);
        for (var r : responders) {
            var answer = r.apply(command);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        return new Result(command, 0, "", "");
    }

    /** Adds a responder consulted in order; the first non-empty answer wins. */
    public synchronized FakeExecutor respond(Function<Command, java.util.Optional<Result>> responder) {
        responders.add(responder);
        return this;
    }

    /** {@return every command run so far} */
    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }
}
