package dev.podwire.trace;

import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.util.List;

/**
 * A namespace a trace watches, with the name a person knows it by.
 *
 * @param label {@code pod/default/client}, {@code node/worker-1}, {@code host/office}, {@code router/gw}
 * @param netns the namespace
 * @param addresses its addresses (a pod's IP, a machine's interface addresses), for naming hops
 */
public record Place(String label, Netns netns, List<Ipv4> addresses) {

    /** Copies. */
    public Place {
        addresses = List.copyOf(addresses);
    }

    /** {@return whether this is a pod's namespace} */
    public boolean pod() {
        return label.startsWith("pod/");
    }
}
