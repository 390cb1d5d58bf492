package dev.podwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command of the tree, walked from {@link Main}, answers {@code --help} and {@code -h} with its own usage and
 * exit code 0, even when it has required parameters or options: a new subcommand is covered without editing this.
 */
class HelpTest {

    /** {@return the path of every command below the root, e.g. [up], [etcd], [help]} */
    static Stream<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        walk(Main.commandLine(), List.of(), out);
        return out.stream();
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> out) {
        cl.getSubcommands().forEach((name, sub) -> {
            // Aliases list the same command again under another name; each command is checked once.
            if (!name.equals(sub.getCommandName())) {
                return;
            }
            List<String> here = new ArrayList<>(path);
            here.add(name);
            out.add(here);
            walk(sub, here, out);
        });
    }

    @ParameterizedTest(name = "podwire {0} --help")
    @MethodSource("commands")
    void everySubcommandPrintsItsUsageForHelpAndExitsZero(List<String> path) {
        for (String flag : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(path);
            args.add(flag);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args.toArray(String[]::new));
            assertEquals(0, code, "podwire " + String.join(" ", args) + " exited " + code + ": " + err);
            // A command's usage may open with its header (help's does); the usage line names the command.
            String usage = "Usage: podwire " + String.join(" ", path);
            assertTrue(out.toString().lines().anyMatch(l -> l.equals(usage) || l.startsWith(usage + " ")),
                    "podwire " + String.join(" ", args) + " printed:\n" + out + err);
            assertEquals("", err.toString(), String.join(" ", args));
        }
    }

    @Test
    void helpFlagsAfterTheDoubleDashOfExecBelongToTheProgram() {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs("exec", "pod/x", "--", "curl", "-h", "--help");
        CommandLine.ParseResult exec = parsed.subcommand();
        assertTrue(!exec.isUsageHelpRequested() && !parsed.isUsageHelpRequested());
        assertEquals(List.of("curl", "-h", "--help"), ((ExecCommand) exec.commandSpec().userObject()).command);
    }

    @Test
    void theWalkFindsTheWholeTreeIncludingHiddenCommands() {
        List<String> names = commands().map(p -> String.join(" ", p)).toList();
        assertTrue(names.containsAll(List.of("up", "down", "get", "apply", "trace", "dig", "etcd", "agent", "runtime",
                "help")), names.toString());
    }
}
