package dev.podwire.backend.vxlan;

import dev.podwire.host.ip.IpLink;
import dev.podwire.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What to do with the VTEP link, from {@link VtepDevice#decide}; rendered as {@code ip -batch} lines. */
public sealed interface VtepDecision {

    /** {@return the device wanted} */
    VtepDevice device();

    /** {@return the VTEP's /32 address, {@code <lease subnet>.0/32}} */
    Cidr address();

    /**
     * {@return the {@code ip -batch} lines, in order, without newlines}; empty when the link is already as
     * wanted.
     */
    List<String> lines();

    /** {@return {@link #lines()} as {@code ip -batch} input, each line ending in {@code \n}} */
    default String ipBatch() {
        StringBuilder out = new StringBuilder();
        lines().forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    /**
     * No such link: add it, give it its address, bring it up (flannel's order).
     *
     * @param device the device wanted
     * @param address its /32 address
     */
    record Create(VtepDevice device, Cidr address) implements VtepDecision {
        /** Validates. */
        public Create {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public List<String> lines() {
            return List.of(device.addLine(), addrLine(device, address), upLine(device));
        }
    }

    /**
     * A link of that name exists but cannot be reused: delete it, then create the device.
     *
     * @param device the device wanted
     * @param address its /32 address
     * @param reason flannel's log text, e.g. {@code "flannel.1" already exists with incompatible configuration: vni:
     *     1 vs 2; recreating device}
     */
    record Recreate(VtepDevice device, Cidr address, String reason) implements VtepDecision {
        /** Validates. */
        public Recreate {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public List<String> lines() {
            return List.of("link del dev " + device.name(), device.addLine(), addrLine(device, address),
                    upLine(device));
        }
    }

    /**
     * A compatible link exists: keep it, changing in place only what differs (MAC, MTU, learning, addresses, up).
     *
     * @param device the device wanted
     * @param address its /32 address
     * @param observed the link as found
     */
    record Keep(VtepDevice device, Cidr address, IpLink observed) implements VtepDecision {
        /** Validates. */
        public Keep {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(observed, "observed");
            if (observed.vxlan().isEmpty()) {
                throw new IllegalArgumentException("observed: " + observed.name() + " of type " + observed.kind()
                        + " (expected: a vxlan link)");
            }
        }

        @Override
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            String dev = "link set dev " + device.name();
            if (!observed.mac().equals(Optional.of(device.mac())) || observed.mtu() != device.mtu()) {
                out.add(dev + " address " + device.mac() + " mtu " + device.mtu());
            }
            if (observed.vxlan().orElseThrow().learning() != device.learning()) {
                out.add(dev + " type vxlan " + (device.learning() ? "learning" : "nolearning"));
            }
            // The VTEP is ours, so any other IPv4 address on it is stale (flannel removes those inside Network;
            // a leftover from an older lease would answer for a subnet that is no longer this node's).
            for (IpLink.Address stale : observed.addresses()) {
                if (!stale.is(address)) {
                    out.add("addr del " + stale + " dev " + device.name());
                }
            }
            if (observed.addresses().stream().noneMatch(a -> a.is(address))) {
                out.add(addrLine(device, address));
            }
            if (!observed.up()) {
                out.add(upLine(device));
            }
            return List.copyOf(out);
        }
    }

    private static String addrLine(VtepDevice device, Cidr address) {
        return "addr replace " + address + " dev " + device.name();
    }

    private static String upLine(VtepDevice device) {
        return "link set dev " + device.name() + " up";
    }
}
