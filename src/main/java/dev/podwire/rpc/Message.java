package dev.podwire.rpc;

/**
 * One line of a daemon's answer. An answer is any number of {@code out}/{@code err} lines and then one {@code exit}.
 *
 * @param type {@code out}, {@code err} or {@code exit}
 * @param text the text for out/err (printed as is, newline added)
 * @param code the exit code, for exit
 */
public record Message(String type, String text, int code) {

    /** {@return a line for standard output} */
    public static Message out(String text) {
        return new Message("out", text, 0);
    }

    /** {@return a line for standard error} */
    public static Message err(String text) {
        return new Message("err", text, 0);
    }

    /** {@return the closing line} */
    public static Message exit(int code) {
        return new Message("exit", "", code);
    }
}
