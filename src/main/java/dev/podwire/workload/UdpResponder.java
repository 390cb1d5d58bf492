package dev.podwire.workload;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * agnhost netexec's UDP protocol, one reply per datagram. Pure.
 *
 * <p>The command is the datagram's text with surrounding whitespace removed (so {@code echo hostname | nc -u} works):
 * {@code hostname} answers the pod name, {@code echo X} answers X, {@code clientip} answers the sender's
 * {@code ip:port} as the pod sees it. Anything else is echoed back unchanged. Unlike agnhost, commands are matched
 * case-insensitively but the echo payload keeps its case.
 */
final class UdpResponder {
    private UdpResponder() {
    }

    /** {@return the reply to {@code datagram} from {@code peer}; empty for an empty datagram} */
    static Optional<byte[]> reply(byte[] datagram, String podName, String peer) {
        if (datagram.length == 0) {
            return Optional.empty();
        }
        // ISO-8859-1 maps every byte to one char, so an unknown datagram is echoed byte for byte.
        String text = new String(datagram, StandardCharsets.ISO_8859_1).strip();
        String command = text.toLowerCase(Locale.ROOT);
        if (command.equals("hostname")) {
            return Optional.of(podName.getBytes(StandardCharsets.UTF_8));
        }
        if (command.equals("clientip")) {
            return Optional.of(peer.getBytes(StandardCharsets.UTF_8));
        }
        if (command.startsWith("echo ") || command.equals("echo")) {
            String payload = text.length() > 5 ? text.substring(5) : "";
            return Optional.of(payload.getBytes(StandardCharsets.ISO_8859_1));
        }
        return Optional.of(datagram.clone());
    }
}
