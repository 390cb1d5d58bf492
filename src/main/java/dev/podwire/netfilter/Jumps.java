package dev.podwire.netfilter;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.net.Netns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one way we put rules into built-in chains: kube-proxy's {@code iptables -w 5 -t T -C CHAIN args} and, when
 * the rule is missing, {@code -I CHAIN [N] args} or {@code -A CHAIN args} at the place {@link JumpOrder} gives it.
 * Built-in chains are shared with other programs, so they are never written by a restore payload (which would
 * flush them) and rules already there are never moved or deleted.
 */
public final class Jumps {
    private static final List<String> IPTABLES = List.of("iptables", "-w", "5");

    private Jumps() {}

    /**
     * Ensures each of {@code jumps}, in list order; {@return how many were missing and have been added}. A missing
     * jump is placed after reading its chain once ({@code iptables -S CHAIN}). On a node that has none of them,
     * kube-proxy's jumps in kube-proxy's own order are each inserted at the top, exactly as kube-proxy does.
     *
     * @throws dev.podwire.host.CommandFailedException when listing a chain or adding a rule fails (e.g. the target
     *     chain does not exist yet: apply the payload that creates it first)
     */
    public static int ensure(Executor executor, Netns netns, List<Jump> jumps) {
        Map<String, List<Optional<JumpOrder>>> listed = new HashMap<>();
        int added = 0;
        for (Jump jump : jumps) {
            if (executor.run(command(netns, jump, "-C", List.of())).ok()) {
                continue;
            }
            List<Optional<JumpOrder>> chain = listed.computeIfAbsent(jump.table() + " " + jump.chain(),
                    k -> list(executor, netns, jump));
            int position = position(chain, jump.order());
            List<String> at = position == 1 && jump.order().side() == JumpOrder.Side.HEAD ? List.of()
                    : List.of(String.valueOf(position));
            boolean append = position == chain.size() + 1 && jump.order().side() == JumpOrder.Side.TAIL;
            executor.run(append ? command(netns, jump, "-A", List.of()) : command(netns, jump, "-I", at)).orThrow();
            chain.add(position - 1, Optional.of(jump.order()));
            added++;
        }
        return added;
    }

    /**
     * {@return the 1-based position for a jump of {@code order} in a chain whose rules are the jumps (or, when empty,
     * foreign rules) in {@code chain}}: a head jump right after the last head jump declared before it (1 if none), a
     * tail jump right before the first tail jump declared after it ({@code size + 1}, the end, if none)
     */
    static int position(List<Optional<JumpOrder>> chain, JumpOrder order) {
        if (order.side() == JumpOrder.Side.HEAD) {
            int after = 0;
            for (int i = 0; i < chain.size(); i++) {
                Optional<JumpOrder> o = chain.get(i);
                if (o.isPresent() && o.get().side() == JumpOrder.Side.HEAD && o.get().compareTo(order) < 0) {
                    after = i + 1;
                }
            }
            return after + 1;
        }
        for (int i = 0; i < chain.size(); i++) {
            Optional<JumpOrder> o = chain.get(i);
            if (o.isPresent() && o.get().side() == JumpOrder.Side.TAIL && o.get().compareTo(order) > 0) {
                return i + 1;
            }
        }
        return chain.size() + 1;
    }

    /** {@return the rules of the jump's chain, each as the declared owner it jumps to, or empty for a foreign rule} */
    private static List<Optional<JumpOrder>> list(Executor executor, Netns netns, Jump jump) {
        List<String> argv = new ArrayList<>(IPTABLES);
        argv.addAll(List.of("-t", jump.table(), "-S", jump.chain()));
        String listing = executor.run(new Command(netns, argv, "")).orThrow().stdout();
        List<Optional<JumpOrder>> out = new ArrayList<>();
        for (String line : listing.lines().filter(l -> l.startsWith("-A ")).toList()) {
            out.add(owner(line));
        }
        return out;
    }

    private static Optional<JumpOrder> owner(String line) {
        try {
            return RuleParser.parse(line).target() instanceof RuleTarget.Jump(String target) ? JumpOrder.of(target)
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            // A rule of some other program that our parser does not know: it is not one of ours.
            return Optional.empty();
        }
    }

    private static Command command(Netns netns, Jump jump, String op, List<String> position) {
        List<String> argv = new ArrayList<>(IPTABLES);
        argv.addAll(List.of("-t", jump.table(), op, jump.chain()));
        argv.addAll(position);
        argv.addAll(jump.args());
        return new Command(netns, argv, "");
    }
}
