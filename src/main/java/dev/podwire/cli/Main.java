package dev.podwire.cli;

import dev.podwire.host.CommandFailedException;
import dev.podwire.labfile.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code podwire} command. Maps failures to exit codes in one place: 2 usage or config, 1 environment. */
@Command(name = "podwire", mixinStandardHelpOptions = true,
        // INHERIT hands the standard help options (and the version) down to every subcommand, present and future:
        // `podwire up --help` prints up's usage and exits 0 although FILE is required, as picocli skips the checks
        // of required arguments once a usage-help option matched.
        scope = CommandLine.ScopeType.INHERIT,
        version = "podwire 0.1.0",
        description = "A real Kubernetes cluster network in Linux namespaces, from ordinary Kubernetes YAML.",
        subcommands = {UpCommand.class, DownCommand.class, AgentCommand.class, GetCommand.class, ExecCommand.class, ApplyCommand.class,
            ScaleCommand.class, DeleteCommand.class, DescribeCommand.class, RulesCommand.class, DigCommand.class, TraceCommand.class, CaptureCommand.class, LabsCommand.class, EtcdCommand.class, RuntimeCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces.")
    boolean debug;

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** {@return the exit code of one CLI invocation} */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** {@return the whole command tree, with the one place that maps failures to exit codes} */
    static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (main.debug) {
                ex.printStackTrace();
            }
            return switch (ex) {
                case ConfigException c -> fail(2, c.getMessage());
                case UsageException u -> fail(2, u.getMessage());
                case dev.podwire.rpc.RequestException r -> fail(r.exitCode(), r.getMessage());
                case CommandFailedException c -> fail(1, c.getMessage());
                case IllegalArgumentException i -> fail(2, i.getMessage());
                default -> fail(1, describe(ex));
            };
        });
        return cl;
    }

    private static String describe(Throwable ex) {
        String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        Throwable cause = ex.getCause();
        return cause == null || cause.getMessage() == null || msg.contains(cause.getMessage()) ? msg
                : msg + ": " + cause.getMessage();
    }

    private static int fail(int code, String message) {
        System.err.println("error: " + message);
        return code;
    }
}
