package dev.podwire.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.Kernel;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import dev.podwire.subnet.LeaseView;
import dev.podwire.sync.Outcome;
import dev.podwire.sync.Pass;
import dev.podwire.testing.TestNetns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** flannel's rules on a real kernel: left alone while intact, back on the next pass after a flush. */
@Tag("netns")
class FlannelRulesSyncerNetnsTest {
    @Test
    void intactRulesAreOnlyReadAndFlushedOnesComeBack() throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root for ip netns");
        List<Command> ran = new ArrayList<>();
        ProcessExecutor real = new ProcessExecutor();
        Executor recording = c -> {
            ran.add(c);
            return real.run(c);
        };
        Lease lease = new Lease(Cidr.parse("10.244.1.0/24"), LeaseAttrs.hostGw(Ipv4.parse("192.168.1.2")),
                Instant.MAX);
        LeaseView leases = new LeaseView() {
            @Override
            public Lease self() {
                return lease;
            }

            @Override
            public List<Lease> all() {
                return List.of(lease);
            }

            @Override
            public String prefix() {
                return "/coreos.com/network/subnets/";
            }
        };
        try (TestNetns ns = TestNetns.create("flrules")) {
            FlannelRulesSyncer rules = new FlannelRulesSyncer(new Kernel(ns.netns(), recording),
                    Cidr.parse("10.244.0.0/16"), true, leases);
            assertEquals(new Outcome.Done(3, List.of()), rules.sync(Pass.CHANGE), "chains and two jumps");
            ran.clear();
            assertEquals(new Outcome.Done(0, List.of()), rules.sync(Pass.RESYNC));
            assertTrue(ran.stream().noneMatch(c -> c.argv().getFirst().equals("iptables-restore")),
                    "intact rules are not rewritten: " + ran);

            real.run(Command.of(ns.netns(), "iptables", "-t", "nat", "-F")).orThrow();
            assertEquals(new Outcome.Done(2, List.of()), rules.sync(Pass.RESYNC), "the chain and its jump");
            String nat = real.run(Command.of(ns.netns(), "iptables-save", "-t", "nat")).orThrow().stdout();
            assertTrue(nat.contains("-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG"), nat);
            assertTrue(nat.contains("-A FLANNEL-POSTRTG"), nat);
        }
    }
}
