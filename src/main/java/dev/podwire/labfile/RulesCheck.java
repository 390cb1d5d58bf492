package dev.podwire.labfile;

import java.util.Optional;

/**
 * A check of a machine's {@link IptablesRules} against the real {@code iptables-restore} (which knows every match
 * and option), made before anything of the lab exists. The CLI supplies one that runs {@code iptables-restore
 * --test} in a throw-away network namespace; parsing alone uses {@link #NONE}.
 */
@FunctionalInterface
public interface RulesCheck {
    /** Accepts everything the structural checks of {@link IptablesRules} accepted. */
    RulesCheck NONE = rules -> Optional.empty();

    /** {@return why {@code rules} would be refused, e.g. {@code unknown option "--bogus" at line 4}, or empty} */
    Optional<String> problem(IptablesRules rules);
}
