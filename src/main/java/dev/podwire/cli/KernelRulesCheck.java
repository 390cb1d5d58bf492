package dev.podwire.cli;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.Result;
import dev.podwire.labfile.IptablesRules;
import dev.podwire.labfile.RulesCheck;
import dev.podwire.net.Netns;
import java.util.List;
import java.util.Optional;

/**
 * Checks a machine's rules with the real {@code iptables-restore --test} inside a throw-away network namespace
 * ({@code unshare -n}), which disappears with the process: every match and option is known to it, and nothing of
 * the host or the lab is touched.
 */
final class KernelRulesCheck implements RulesCheck {
    private final Executor executor;

    KernelRulesCheck(Executor executor) {
        this.executor = executor;
    }

    @Override
    public Optional<String> problem(IptablesRules rules) {
        Result r = executor.run(new Command(Netns.HOST, List.of("unshare", "-n", "iptables-restore", "--test"),
                rules.payload()));
        if (r.ok()) {
            return Optional.empty();
        }
        // iptables-restore says what and then "Error occurred at line: N"; keep both, drop the usage hint.
        String said = String.join("; ", r.stderr().lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Try `")).toList());
        return Optional.of("iptables-restore --test refused the rules: " + said);
    }
}
