package dev.podwire.trace;

import dev.podwire.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A route lookup to ask the kernel of one place: where would it send {@code dst}, for a packet from {@code src}
 * that came in on {@code iif} (absent for a locally created packet).
 *
 * @param place where
 * @param dst destination after any DNAT
 * @param src source
 * @param iif input interface
 */
public record RouteQuery(Place place, Ipv4 dst, Ipv4 src, Optional<String> iif) {

    /** {@return the arguments of {@code ip route get}} */
    public List<String> args() {
        List<String> a = new ArrayList<>(List.of(dst.toString()));
        iif.ifPresent(i -> a.addAll(List.of("from", src.toString(), "iif", i)));
        return List.copyOf(a);
    }
}
