package dev.podwire.host;

import dev.podwire.net.Netns;
import dev.podwire.netfilter.Ruleset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Records every command and answers it like a small kernel, per namespace, as kube-proxy's {@code FakeIPTables} and
 * knftables' {@code Fake} do: {@code iptables-restore [--noflush]} applies its payload to a netfilter {@link Ruleset}
 * all or nothing (a jump to an undefined chain, {@code -X} of a chain still referenced, an unknown table or a line it
 * cannot parse fail with exit 1 and a stderr naming the line, leaving the rules as they were), {@code iptables-save
 * [-t T]} prints what is there (parseable by {@link Ruleset#parse}), {@code iptables [-w N] -t T -C/-I/-A/-D/-S}
 * work on it; {@code ip -batch -} lines {@code route add|replace|del} change a route table that {@code ip -j route
 * show} prints in iproute2's JSON shape. Scripted responders ({@link #respond}) are asked first and win when they
 * answer; any other command succeeds with empty output.
 */
public final class FakeExecutor implements Executor {
    private final List<Command> commands = new ArrayList<>();
    private final List<Function<Command, Optional<Result>>> responders = new ArrayList<>();
    private final Map<Netns, Ruleset> netfilter = new HashMap<>();
    private final Map<Netns, FakeRoutes> routes = new HashMap<>();

    @Override
    public synchronized Result run(Command command) {
        commands.add(command);
        for (var r : responders) {
            var answer = r.apply(command);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        if (FakeIptables.handles(command)) {
            FakeIptables.Outcome outcome = FakeIptables.run(command, ruleset(command.netns()));
            netfilter.put(command.netns(), outcome.state());
            return outcome.result();
        }
        List<String> argv = command.argv();
        if (argv.equals(List.of("ip", "-batch", "-"))) {
            return routesOf(command.netns()).batch(command);
        }
        if (argv.equals(List.of("ip", "-j", "route", "show")) || argv.equals(List.of("ip", "-j", "route"))) {
            return new Result(command, 0, routesOf(command.netns()).json(), "");
        }
        return new Result(command, 0, "", "");
    }

    /** Adds a responder consulted in order; the first non-empty answer wins over the built-in state. */
    public synchronized FakeExecutor respond(Function<Command, Optional<Result>> responder) {
        responders.add(responder);
        return this;
    }

    /** {@return every command run so far} */
    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    /** {@return the iptables rules of {@code netns} now; empty before anything touched them} */
    public synchronized Ruleset ruleset(Netns netns) {
        return netfilter.getOrDefault(netns, Ruleset.empty());
    }

    private FakeRoutes routesOf(Netns netns) {
        return routes.computeIfAbsent(netns, n -> new FakeRoutes());
    }
}
