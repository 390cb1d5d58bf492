package dev.podwire.workload;

/**
 * Decides from a TCP connection's first bytes whether the client speaks HTTP/1.x or wants an echo. Pure.
 *
 * <p>The bytes are HTTP when the first line is a request line ({@code METHOD SP target SP HTTP/1.d}); garbage is
 * recognised at the first byte that cannot belong to one, so a binary client is echoed at once.
 */
final class Sniffer {
    /** The verdict so far. */
    enum Verdict { HTTP, ECHO, UNDECIDED }

    private static final int MAX_METHOD = 16;
    private static final String VERSION = "HTTP/1.";

    private Sniffer() {
    }

    /** {@return the verdict for the first {@code length} bytes of {@code data}} */
    static Verdict classify(byte[] data, int length) {
        int phase = 0; // 0 method, 1 target, 2 version, 3 after version digit, 4 after CR
        int run = 0;
        for (int i = 0; i < length; i++) {
            int b = data[i] & 0xff;
            switch (phase) {
                case 0 -> {
                    if (b >= 'A' && b <= 'Z' && run < MAX_METHOD) {
                        run++;
                    } else if (b == ' ' && run > 0) {
                        phase = 1;
                        run = 0;
                    } else {
                        return Verdict.ECHO;
                    }
                }
                case 1 -> {
                    if (b > 0x20 && b < 0x7f) {
                        run++;
                    } else if (b == ' ' && run > 0) {
                        phase = 2;
                        run = 0;
                    } else {
                        return Verdict.ECHO;
                    }
                }
                case 2 -> {
                    if (run < VERSION.length() && b == VERSION.charAt(run)) {
                        run++;
                    } else if (run == VERSION.length() && b >= '0' && b <= '9') {
                        phase = 3;
                    } else {
                        return Verdict.ECHO;
                    }
                }
                case 3 -> {
                    if (b == '\n') {
                        return Verdict.HTTP;
                    }
                    if (b != '\r') {
                        return Verdict.ECHO;
                    }
                    phase = 4;
                }
                default -> {
                    return b == '\n' ? Verdict.HTTP : Verdict.ECHO;
                }
            }
        }
        return Verdict.UNDECIDED;
    }
}
