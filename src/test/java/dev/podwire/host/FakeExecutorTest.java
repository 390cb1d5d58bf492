package dev.podwire.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.Cidr;
import dev.podwire.net.Netns;
import dev.podwire.netfilter.Rule;
import dev.podwire.netfilter.Ruleset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stateful fake itself: it must refuse what the kernel refuses, and keep what the kernel keeps. */
class FakeExecutorTest {
    private static final Netns NS = Netns.of("fx-n1");
    private static final String CHAINS = """
            *filter
            :KUBE-FORWARD - [0:0]
            -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
            COMMIT
            *nat
            :KUBE-SERVICES - [0:0]
            :KUBE-SVC-A - [0:0]
            -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 53 -j KUBE-SVC-A
            -A KUBE-SVC-A -j DNAT --to-destination 10.244.1.5:53
            COMMIT
            """;

    private final FakeExecutor fake = new FakeExecutor();

    private Result run(String... argv) {
        return fake.run(Command.of(NS, argv));
    }

    private Result restore(String payload) {
        return fake.run(Command.iptablesRestore(NS, payload));
    }

    @Test
    void saveReturnsWhatWasRestoredInAFormTheParserReadsBack() {
        assertEquals("", run("iptables-save").stdout(), "nothing touched yet");
        assertTrue(restore(CHAINS).ok());
        String save = run("iptables-save").stdout();
        Ruleset parsed = Ruleset.parse(save);
        assertEquals(fake.ruleset(NS), parsed);
        assertEquals(List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING", "KUBE-SERVICES", "KUBE-SVC-A"),
                parsed.chainNames("nat"));
        assertEquals(List.of("-A KUBE-SVC-A -j DNAT --to-destination 10.244.1.5:53"),
                parsed.rules("nat", "KUBE-SVC-A").stream().map(Rule::text).toList());
        String nat = run("iptables-save", "-t", "nat").stdout();
        assertTrue(nat.startsWith("*nat\n") && !nat.contains("*filter"), nat);
        assertEquals(List.of("INPUT", "FORWARD", "OUTPUT", "KUBE-FORWARD"),
                Ruleset.parse(run("iptables-save", "-t", "filter").stdout()).chainNames("filter"));
        assertEquals("", fake.run(Command.of(Netns.of("fx-other"), "iptables-save")).stdout(), "per namespace");
    }

    @Test
    void failingRestoreChangesNothingAndNamesTheLine() {
        assertTrue(restore(CHAINS).ok());
        Ruleset before = fake.ruleset(NS);
        // The filter table of this payload is fine; its nat table jumps to a chain nobody declared.
        Result r = restore("*filter\n:KUBE-FORWARD - [0:0]\nCOMMIT\n*nat\n:KUBE-SERVICES - [0:0]\n"
                + "-A KUBE-SERVICES -j KUBE-SVC-GONE\nCOMMIT\n");
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("line 7: table nat: -A KUBE-SERVICES -j KUBE-SVC-GONE jumps to undefined"
                + " KUBE-SVC-GONE"), r.stderr());
        assertTrue(r.stderr().contains("Error occurred at line: 7"), r.stderr());
        assertEquals(before, fake.ruleset(NS), "all or nothing: not even the filter flush happened");
        assertTrue(new CommandFailedException(r).getMessage().contains("> 7: COMMIT"));

        // Flushed, but KUBE-SERVICES still jumps to it.
        Result busy = restore("*nat\n:KUBE-SVC-A - [0:0]\n-X KUBE-SVC-A\nCOMMIT\n");
        assertEquals(1, busy.exitCode());
        assertTrue(busy.stderr().contains("line 3: chain KUBE-SVC-A is still referenced"), busy.stderr());
        assertFalse(restore("*nats\nCOMMIT\n").ok(), "unknown table");
        assertFalse(restore("*nat\n-A KUBE-SVC-A -j DNAT --to-destination\nCOMMIT\n").ok(), "malformed line");
        assertFalse(restore("*nat\n:X - [0:0]\n").ok(), "no COMMIT");
        assertEquals(before, fake.ruleset(NS));
    }

    @Test
    void restoreWithoutNoflushEmptiesTheTablesItNames() {
        assertTrue(restore(CHAINS).ok());
        Result r = fake.run(new Command(NS, List.of("iptables-restore", "-w", "5"), "*nat\n:OTHER - [0:0]\nCOMMIT\n"));
        assertTrue(r.ok(), r.stderr());
        assertEquals(List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING", "OTHER"),
                fake.ruleset(NS).chainNames("nat"));
        assertEquals(1, fake.ruleset(NS).rules("filter", "KUBE-FORWARD").size(), "filter not named, kept");
    }

    @Test
    void iptablesChecksInsertsAppendsDeletesAndListsOneRule() {
        assertTrue(restore(CHAINS).ok());
        List<String> jump = List.of("-m", "comment", "--comment", "kubernetes forwarding rules", "-j", "KUBE-FORWARD");
        assertEquals(1, iptables("-C", "FORWARD", jump).exitCode());
        assertTrue(iptables("-A", "FORWARD", List.of("-s", "10.0.0.0/8", "-j", "ACCEPT")).ok());
        assertTrue(iptables("-I", "FORWARD", jump).ok());
        assertTrue(iptables("-C", "FORWARD", jump).ok());
        assertEquals("""
                -P FORWARD ACCEPT
                -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
                -A FORWARD -s 10.0.0.0/8 -j ACCEPT
                """, run("iptables", "-w", "5", "-t", "filter", "-S", "FORWARD").stdout());
        assertEquals("-N KUBE-FORWARD\n-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n",
                run("iptables", "-t", "filter", "-S", "KUBE-FORWARD").stdout());
        Result late = iptables("-I", "FORWARD", List.of("4", "-j", "ACCEPT"));
        assertEquals("iptables: Index of insertion too big.\n", late.stderr());
        assertTrue(iptables("-I", "FORWARD", List.of("3", "-j", "DROP")).ok());
        assertTrue(iptables("-D", "FORWARD", jump).ok());
        assertEquals(List.of("-A FORWARD -s 10.0.0.0/8 -j ACCEPT", "-A FORWARD -j DROP"),
                fake.ruleset(NS).rules("filter", "FORWARD").stream().map(Rule::text).toList());
        assertEquals(1, iptables("-D", "FORWARD", jump).exitCode(), "already gone");
    }

    @Test
    void jumpToAChainThatDoesNotExistIsRefused() {
        Result r = iptables("-I", "FORWARD", List.of("-j", "KUBE-FORWARD"));
        assertEquals(2, r.exitCode());
        assertEquals("iptables v1.8.9 (nf_tables): Chain 'KUBE-FORWARD' does not exist\n", r.stderr());
        assertEquals(1, iptables("-A", "NOPE", List.of("-j", "ACCEPT")).exitCode());
        assertEquals(List.of(), fake.ruleset(NS).rules("filter", "FORWARD"));
        assertFalse(restore("*filter\n-A FORWARD -j KUBE-FORWARD\nCOMMIT\n").ok());
    }

    @Test
    void routeBatchesChangeATableThatIpJsonShows() {
        Result r = fake.run(Command.ipBatch(NS, """
                route add 192.168.31.0/24 dev ens33 proto kernel scope link src 192.168.31.201
                link set dev cni0 up
                route replace 10.244.1.0/24 via 192.168.31.202 dev ens33
                route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
                route replace blackhole 10.244.0.0/24
                route add default via 192.168.31.1 dev ens33
                """));
        assertTrue(r.ok(), r.stderr());
        assertEquals("[{\"dst\":\"default\",\"gateway\":\"192.168.31.1\",\"dev\":\"ens33\",\"flags\":[]},"
                + "{\"type\":\"blackhole\",\"dst\":\"10.244.0.0/24\",\"flags\":[]},"
                + "{\"dst\":\"10.244.1.0/24\",\"gateway\":\"192.168.31.202\",\"dev\":\"ens33\",\"flags\":[]},"
                + "{\"dst\":\"10.244.2.0/24\",\"gateway\":\"10.244.2.0\",\"dev\":\"flannel.1\",\"flags\":[\"onlink\"]},"
                + "{\"dst\":\"192.168.31.0/24\",\"dev\":\"ens33\",\"protocol\":\"kernel\",\"scope\":\"link\","
                + "\"prefsrc\":\"192.168.31.201\",\"flags\":[]}]", routes());
        List<IpRoute> seen = IpRoute.parse(routes());
        assertEquals(5, seen.size());
        assertTrue(seen.get(3).onLink());

        // Not atomic, like ip -batch: the first line is applied, the second fails and stops the batch.
        Result partial = fake.run(Command.ipBatch(NS, "route replace 10.244.1.0/24 via 192.168.31.203 dev ens33\n"
                + "route add 10.244.2.0/24 via 192.168.31.9 dev ens33\nroute del 10.244.0.0/24\n"));
        assertEquals(1, partial.exitCode());
        assertEquals("RTNETLINK answers: File exists\nCommand failed -:2\n", partial.stderr());
        assertTrue(routes().contains("\"gateway\":\"192.168.31.203\""), routes());
        assertTrue(routes().contains("blackhole"), "line 3 never ran");
        assertTrue(fake.run(Command.ipBatch(NS, "route del 10.244.0.0/24\n")).ok());
        Result gone = fake.run(Command.ipBatch(NS, "route del 10.244.0.0/24\n"));
        assertEquals("RTNETLINK answers: No such process\nCommand failed -:1\n", gone.stderr());
        assertEquals(List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.244.1.0/24"), Cidr.parse("10.244.2.0/24"),
                Cidr.parse("192.168.31.0/24")),
                IpRoute.parse(routes()).stream().map(IpRoute::dst).toList());
        assertEquals("[]", fake.run(Command.of(Netns.of("fx-other"), "ip", "-j", "route", "show")).stdout());
    }

    @Test
    void scriptedRespondersWinOverTheState() {
        fake.respond(c -> c.argv().getFirst().equals("iptables-save")
                ? Optional.of(new Result(c, 0, "*nat\nCOMMIT\n", "")) : Optional.empty());
        assertTrue(restore(CHAINS).ok());
        assertEquals("*nat\nCOMMIT\n", run("iptables-save").stdout());
        assertEquals(List.of("iptables-restore", "iptables-save"),
                fake.commands().stream().map(c -> c.argv().getFirst()).toList());
    }

    private Result iptables(String op, String chain, List<String> args) {
        List<String> argv = new java.util.ArrayList<>(List.of("iptables", "-w", "5", "-t", "filter", op, chain));
        argv.addAll(args);
        return fake.run(new Command(NS, argv, ""));
    }

    private String routes() {
        return run("ip", "-j", "route", "show").stdout();
    }
}
