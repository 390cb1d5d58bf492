package dev.podwire.labfile;

import java.util.List;

/**
 * An L3 hop between segments: a namespace with forwarding on and one interface per segment.
 *
 * @param name router name, a DNS label of at most 40 characters (namespace {@code <lab>-<name>})
 * @param interfaces at least one interface
 */
public record RouterSpec(String name, List<RouterInterface> interfaces) {
    /** Validates. */
    public RouterSpec {
        LabNames.requireLabel("name", name, LabNames.MACHINE_MAX);
        interfaces = List.copyOf(interfaces);
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("interfaces: [] (expected: at least one interface)");
        }
    }
}
