package dev.podwire.host;

import java.util.List;

/**
 * The command line of another podwire JVM (the lab daemon, a node's runtime): the same {@code java} and class path as
 * this one, with the flags podwire needs and its log format.
 */
public final class JavaCommand {
    /** {@code java.util.logging}'s line format for podwire's processes: time, level, logger, message. */
    public static final String LOG_FORMAT = "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";

    private JavaCommand() {}

    /**
     * {@return {@code java} and its options for running {@code mainClass} from this JVM's class path}; append the
     * program's arguments
     */
    public static List<String> argv(String mainClass) {
        // FFM setns (workloads) needs native access; jetcd's Netty still uses sun.misc.Unsafe.
        return List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Djava.util.logging.SimpleFormatter.format=" + LOG_FORMAT,
                "-cp", System.getProperty("java.class.path"),
                mainClass);
    }
}
