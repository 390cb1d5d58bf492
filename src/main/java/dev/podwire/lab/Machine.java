package dev.podwire.lab;

import dev.podwire.labfile.IptablesRules;
import dev.podwire.labfile.StaticRoute;
import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A namespace on the underlay: a node, a host or a router.
 *
 * @param name the machine's name in the lab file
 * @param role what it is
 * @param attachments its interfaces, one per segment it joins
 * @param routes static routes
 * @param defaultGateway the default route's gateway, when its segment has one
 * @param sysctls sysctls to set, sorted
 * @param iptables its own rules from the lab file
 */
public record Machine(String name, Role role, List<Attachment> attachments, List<StaticRoute> routes,
        Optional<Ipv4> defaultGateway, Map<String, String> sysctls, IptablesRules iptables) {

    /** What kind of machine. */
    public enum Role { NODE, HOST, ROUTER }

    /** Copies. */
    public Machine {
        attachments = List.copyOf(attachments);
        routes = List.copyOf(routes);
        sysctls = java.util.Collections.unmodifiableMap(new TreeMap<>(sysctls));
        java.util.Objects.requireNonNull(iptables, "iptables");
    }
}
