package dev.podwire.host;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command exited non-zero. Carries argv, netns, exit code and stderr, and for payload commands
 * ({@code ip -batch}, {@code iptables-restore}, {@code nft -f}) the lines around the one the tool reported.
 */
public final class CommandFailedException extends RuntimeException {
    private static final Pattern LINE = Pattern.compile("(?:line |-:|:)(\\d+)");
    private final transient Result result;

    /** Creates the exception for a failed result. */
    public CommandFailedException(Result result) {
        super(describe(result));
        this.result = result;
    }

    /** {@return the failed result} */
    public Result result() {
        return result;
    }

    private static String describe(Result r) {
        StringBuilder msg = new StringBuilder();
        msg.append("command failed (exit ").append(r.exitCode()).append("): ").append(r.command().display());
        String err = r.stderr().strip();
        if (!err.isEmpty()) {
            msg.append("\n  stderr: ").append(err.replace("\n", "\n          "));
        }
        String payload = r.command().stdin();
        if (!payload.isEmpty()) {
            Matcher m = LINE.matcher(err);
            if (m.find()) {
                msg.append("\n  near input line ").append(m.group(1)).append(":");
                List<String> lines = payload.lines().toList();
                int at = Integer.parseInt(m.group(1));
                for (int i = Math.max(1, at - 1); i <= Math.min(lines.size(), at + 1); i++) {
                    msg.append("\n    ").append(i == at ? "> " : "  ").append(i).append(": ").append(lines.get(i - 1));
                }
            }
        }
        return msg.toString();
    }
}
