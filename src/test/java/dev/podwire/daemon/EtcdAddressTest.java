package dev.podwire.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.LabSpec;
import dev.podwire.net.Ipv4;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcdAddressTest {
    @TempDir
    Path tmp;

    private LabSpec lab(String subnet, String... nodeAddresses) throws IOException {
        StringBuilder y = new StringBuilder("apiVersion: podwire.dev/v1alpha1\nkind: Lab\nmetadata: {name: t}\nspec:\n"
                + "  underlay:\n    segments: [{name: lan, subnet: " + subnet + "}]\n  nodes:\n");
        for (int i = 0; i < nodeAddresses.length; i++) {
            y.append("  - {name: n").append(i).append(", segment: lan, address: ").append(nodeAddresses[i])
                    .append("}\n");
        }
        y.append("  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: host-gw}}\n");
        Path p = tmp.resolve("lab.yaml");
        Files.writeString(p, y.toString());
        return LabFiles.load(List.of(p)).lab();
    }

    @Test
    void highestFreeAddressBelowTheLoadBalancerPool() throws IOException {
        // /24: the balancer takes .240/28, so etcd gets .239.
        assertEquals(Optional.of(Ipv4.parse("192.168.46.239")), EtcdAddress.of(lab("192.168.46.0/24",
                "192.168.46.11")));
    }

    @Test
    void skipsMachinesAndUsesTheTopWhenThereIsNoPool() throws IOException {
        // /29 is too small for a pool: .6 is taken by a node, so .5.
        assertEquals(Optional.of(Ipv4.parse("10.0.0.5")), EtcdAddress.of(lab("10.0.0.0/29", "10.0.0.6", "10.0.0.2")));
    }

    @Test
    void fullSegmentHasNoAddress() throws IOException {
        // The first address is the nodes' default gateway on the bridge (the segment names none): not etcd's.
        assertEquals(Optional.empty(), EtcdAddress.of(lab("10.0.0.0/30", "10.0.0.2")));
        assertEquals(Optional.empty(), EtcdAddress.of(lab("10.0.0.0/29", "10.0.0.2", "10.0.0.3", "10.0.0.4",
                "10.0.0.5", "10.0.0.6")));
    }
}
