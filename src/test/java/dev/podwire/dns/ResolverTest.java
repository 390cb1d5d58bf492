package dev.podwire.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

class ResolverTest {
    private static final ClusterZone ZONE = DnsFixture.zone();

    private static LookupOutcome ask(String name, int type, boolean canForward) {
        return Resolver.resolve(ZONE, Name.fromConstantString(name), type, DClass.IN, canForward);
    }

    private static LookupOutcome ask(String name, int type) {
        return ask(name, type, false);
    }

    private static LookupOutcome.Answer answer(String name, int type) {
        return assertInstanceOf(LookupOutcome.Answer.class, ask(name, type));
    }

    private static List<String> rdata(List<Record> records) {
        return records.stream().map(r -> r.getName() + " " + r.getTTL() + " " + Type.string(r.getType()) + " "
                + r.rdataToString()).toList();
    }

    @Test
    void clusterIpServiceAnswersItsClusterIpWithTheDefaultTtl() {
        assertEquals(List.of("kubernetes.default.svc.cluster.local. 5 A 10.96.0.1"),
                rdata(answer("kubernetes.default.svc.cluster.local.", Type.A).records()));
    }

    @Test
    void namedPortGetsSrvWithPriorityZeroAndTheServiceAsTargetPlusAdditionalA() {
        LookupOutcome.Answer srv = answer("_https._tcp.kubernetes.default.svc.cluster.local.", Type.SRV);
        assertEquals(List.of("_https._tcp.kubernetes.default.svc.cluster.local. 5 SRV 0 100 443 "
                + "kubernetes.default.svc.cluster.local."), rdata(srv.records()));
        assertEquals(List.of("kubernetes.default.svc.cluster.local. 5 A 10.96.0.1"), rdata(srv.additional()));
    }

    @Test
    void addressQueriesOnANamedPortAnswerTheServicesAddressesLikeCoreDns() {
        // CoreDNS parses _port._proto.<svc> as a service with a port filter; an A query there gets the addresses
        // behind the matching ports, owned by the query name.
        assertEquals(List.of("_https._tcp.kubernetes.default.svc.cluster.local. 5 A 10.96.0.1"),
                rdata(answer("_https._tcp.kubernetes.default.svc.cluster.local.", Type.A).records()));
        assertEquals(List.of("_mysql._tcp.db.default.svc.cluster.local. 5 A 10.244.1.7",
                        "_mysql._tcp.db.default.svc.cluster.local. 5 A 10.244.2.8"),
                rdata(answer("_mysql._tcp.db.default.svc.cluster.local.", Type.A).records()));
        assertEquals(List.of("_http._tcp.dual.default.svc.cluster.local. 5 AAAA fd00:96:0:0:0:0:0:60"),
                rdata(answer("_http._tcp.dual.default.svc.cluster.local.", Type.AAAA).records()));
        assertInstanceOf(LookupOutcome.NoData.class, ask("_https._tcp.kubernetes.default.svc.cluster.local.",
                Type.AAAA));
        assertInstanceOf(LookupOutcome.NxDomain.class, ask("_http._udp.web.default.svc.cluster.local.", Type.A));
    }

    @Test
    void srvOnTheServiceNameListsEveryPortIncludingUnnamedOnes() {
        assertEquals(List.of("web.default.svc.cluster.local. 5 SRV 0 50 80 web.default.svc.cluster.local.",
                        "web.default.svc.cluster.local. 5 SRV 0 50 8080 web.default.svc.cluster.local."),
                rdata(answer("web.default.svc.cluster.local.", Type.SRV).records()));
    }

    @Test
    void headlessServiceAnswersEveryReadyEndpointAndNoUnreadyOne() {
        assertEquals(List.of("db.default.svc.cluster.local. 5 A 10.244.1.7", "db.default.svc.cluster.local. 5 A 10.244.2.8"),
                rdata(answer("db.default.svc.cluster.local.", Type.A).records()));
        assertEquals(List.of("db-0.db.default.svc.cluster.local. 5 A 10.244.1.7"),
                rdata(answer("db-0.db.default.svc.cluster.local.", Type.A).records()));
        assertEquals(List.of("10-244-2-8.db.default.svc.cluster.local. 5 A 10.244.2.8"),
                rdata(answer("10-244-2-8.db.default.svc.cluster.local.", Type.A).records()));
        assertInstanceOf(LookupOutcome.NxDomain.class, ask("db-2.db.default.svc.cluster.local.", Type.A));
    }

    @Test
    void headlessSrvHasOneRecordPerEndpointAndPortWeighedLikeCoreDns() {
        LookupOutcome.Answer srv = answer("_mysql._tcp.db.default.svc.cluster.local.", Type.SRV);
        assertEquals(List.of(
                "_mysql._tcp.db.default.svc.cluster.local. 5 SRV 0 50 3306 db-0.db.default.svc.cluster.local.",
                "_mysql._tcp.db.default.svc.cluster.local. 5 SRV 0 50 3306 10-244-2-8.db.default.svc.cluster.local."),
                rdata(srv.records()));
        assertEquals(List.of("db-0.db.default.svc.cluster.local. 5 A 10.244.1.7",
                "10-244-2-8.db.default.svc.cluster.local. 5 A 10.244.2.8"), rdata(srv.additional()));
    }

    @Test
    void headlessServiceWithoutReadyEndpointsIsNxDomain() {
        assertInstanceOf(LookupOutcome.NxDomain.class, ask("empty.default.svc.cluster.local.", Type.A));
    }

    @Test
    void endpointNamesAreServedUnderClusterIpServicesToo() {
        assertEquals(List.of("10-244-1-5.web.default.svc.cluster.local. 5 A 10.244.1.5"),
                rdata(answer("10-244-1-5.web.default.svc.cluster.local.", Type.A).records()));
    }

    @ParameterizedTest
    @CsvSource({
        "1.0.96.10.in-addr.arpa., kubernetes.default.svc.cluster.local.",
        "10.0.96.10.in-addr.arpa., kube-dns.kube-system.svc.cluster.local.",
        "7.1.244.10.in-addr.arpa., db-0.db.default.svc.cluster.local.",
        "8.2.244.10.in-addr.arpa., 10-244-2-8.db.default.svc.cluster.local.",
        "5.1.244.10.in-addr.arpa., 10-244-1-5.web.default.svc.cluster.local.",
    })
    void ptrNamesTheServiceForClusterIpsAndTheEndpointForEndpointIps(String reverse, String target) {
        assertEquals(List.of(target), answer(reverse, Type.PTR).records().stream().map(Record::rdataToString).toList());
    }

    @Test
    void ipv6ClusterIpGetsAaaaAndIp6ArpaPtrAndDualStackSrvIsWeighedFifty() {
        assertEquals(List.of("dual.default.svc.cluster.local. 5 AAAA fd00:96:0:0:0:0:0:60"),
                rdata(answer("dual.default.svc.cluster.local.", Type.AAAA).records()));
        assertEquals(List.of("dual.default.svc.cluster.local."), answer(
                "0.6.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.0.d.f.ip6.arpa.", Type.PTR)
                .records().stream().map(Record::rdataToString).toList());
        assertEquals(List.of("_http._tcp.dual.default.svc.cluster.local. 5 SRV 0 100 80 dual.default.svc.cluster.local."),
                rdata(answer("_http._tcp.dual.default.svc.cluster.local.", Type.SRV).records()));
    }

    @Test
    void reverseMissIsNxDomainWithoutUpstreamAndForwardedWithOne() {
        assertInstanceOf(LookupOutcome.NxDomain.class, ask("9.9.9.9.in-addr.arpa.", Type.PTR));
        assertInstanceOf(LookupOutcome.Forward.class, ask("9.9.9.9.in-addr.arpa.", Type.PTR, true));
    }

    @Test
    void externalNameIsACnameAndItsTargetIsChasedUpstreamOnlyWhenThereIsOne() {
        assertEquals(List.of("ext.default.svc.cluster.local. 5 CNAME foo.example.com."),
                rdata(answer("ext.default.svc.cluster.local.", Type.CNAME).records()));
        assertEquals(List.of("ext.default.svc.cluster.local. 5 CNAME foo.example.com."),
                rdata(answer("ext.default.svc.cluster.local.", Type.A).records()));
        LookupOutcome.Cname cname = assertInstanceOf(LookupOutcome.Cname.class,
                ask("ext.default.svc.cluster.local.", Type.A, true));
        assertEquals(Name.fromConstantString("foo.example.com."), cname.target());
        assertInstanceOf(LookupOutcome.NoData.class, ask("ext.default.svc.cluster.local.", Type.SRV));
        assertInstanceOf(LookupOutcome.NxDomain.class, ask("x.ext.default.svc.cluster.local.", Type.A));
    }

    @Test
    void externalNameInsideTheZoneIsChasedToTheTargetsAddress() {
        assertEquals(List.of("alias.default.svc.cluster.local. 5 CNAME web.default.svc.cluster.local.",
                        "web.default.svc.cluster.local. 5 A 10.96.0.50"),
                rdata(answer("alias.default.svc.cluster.local.", Type.A).records()));
    }

    @Test
    void dnsVersionIsTxtOneOneZeroWithTtl28800() {
        assertEquals(List.of("dns-version.cluster.local. 28800 TXT \"1.1.0\""),
                rdata(answer("dns-version.cluster.local.", Type.TXT).records()));
    }

    @Test
    void matchingIsCaseInsensitiveAndTheOwnerEchoesTheQuerysCase() {
        assertEquals(List.of("KUBERNETES.Default.SVC.cluster.LOCAL. 5 A 10.96.0.1"),
                rdata(answer("KUBERNETES.Default.SVC.cluster.LOCAL.", Type.A).records()));
        assertEquals(1, answer("_HTTPS._TCP.kubernetes.default.svc.cluster.local.", Type.SRV).records().size());
        assertEquals(1, answer("10-1-2-3.DEFAULT.pod.cluster.local.", Type.A).records().size());
    }

    @ParameterizedTest
    @CsvSource({
        "cluster.local., A, NoData",
        "svc.cluster.local., A, NoData",
        "pod.cluster.local., A, NoData",
        "default.svc.cluster.local., A, NoData",
        "other.svc.cluster.local., A, NoData",
        "nope.svc.cluster.local., A, NxDomain",
        "missing.default.svc.cluster.local., A, NxDomain",
        "kubernetes.nope.svc.cluster.local., A, NxDomain",
        "foo.cluster.local., A, NxDomain",
        "kubernetes.default.svc.cluster.local., AAAA, NoData",
        "kubernetes.default.svc.cluster.local., TXT, NoData",
        "kubernetes.default.svc.cluster.local., MX, NoData",
        "kubernetes.default.svc.cluster.local., ANY, NoData",
        "kubernetes.default.svc.cluster.local., TYPE65400, NoData",
        "_tcp.kubernetes.default.svc.cluster.local., SRV, NxDomain",
        "_http._udp.web.default.svc.cluster.local., SRV, NxDomain",
        "a.b.c.kubernetes.default.svc.cluster.local., A, NxDomain",
        "dns-version.cluster.local., A, NoData",
        "1-2-3-4.default.pod.cluster.local., AAAA, NoData",
        "1-2-3-4.nope.pod.cluster.local., A, NxDomain",
        "300-2-3-4.default.pod.cluster.local., A, NxDomain",
        "web.default.pod.cluster.local., A, NxDomain",
    })
    void negativeAnswersSeparateNxDomainFromNoDataLikeCoreDns(String name, String type, String expected) {
        LookupOutcome outcome = ask(name, Type.value(type));
        assertEquals(expected, outcome.getClass().getSimpleName(), name + " " + type + " -> " + outcome);
        SOARecord soa = switch (outcome) {
            case LookupOutcome.NxDomain(var s) -> s;
            case LookupOutcome.NoData(var s) -> s;
            default -> throw new AssertionError(outcome);
        };
        assertEquals("ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 5",
                soa.rdataToString());
        assertEquals(5, soa.getTTL());
    }

    @Test
    void podRecordsAnswerAnyWellFormedDashedIpInAKnownNamespace() {
        assertEquals(List.of("10-244-1-5.default.pod.cluster.local. 5 A 10.244.1.5"),
                rdata(answer("10-244-1-5.default.pod.cluster.local.", Type.A).records()));
        assertEquals(List.of("1-2-3-4.other.pod.cluster.local. 5 A 1.2.3.4"),
                rdata(answer("1-2-3-4.other.pod.cluster.local.", Type.A).records()));
        assertEquals(List.of("fd00--1.default.pod.cluster.local. 5 AAAA fd00:0:0:0:0:0:0:1"),
                rdata(answer("fd00--1.default.pod.cluster.local.", Type.AAAA).records()));
    }

    @Test
    void apexAnswersSoaAndNsWithGlueForTheKubeDnsService() {
        assertEquals(List.of("cluster.local. 5 SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 "
                + "1800 86400 5"), rdata(answer("cluster.local.", Type.SOA).records()));
        // CoreDNS names the DNS Service itself (the Service whose endpoints are its pods) and glues its ClusterIP.
        LookupOutcome.Answer ns = answer("cluster.local.", Type.NS);
        assertEquals(List.of("cluster.local. 5 NS kube-dns.kube-system.svc.cluster.local."), rdata(ns.records()));
        assertEquals(List.of("kube-dns.kube-system.svc.cluster.local. 5 A 10.96.0.10"), rdata(ns.additional()));
        // The SOA's primary server keeps CoreDNS's fixed name, which answers the same address.
        assertEquals(List.of("ns.dns.cluster.local. 5 A 10.96.0.10"),
                rdata(answer("ns.dns.cluster.local.", Type.A).records()));
    }

    @Test
    void withoutTheKubeDnsServiceTheApexNsIsCoreDnsFallbackName() {
        ClusterZone empty = ClusterZone.empty(ZoneConfig.of("cluster.local"), 1);
        LookupOutcome outcome = Resolver.resolve(empty, Name.fromConstantString("cluster.local."), Type.NS,
                DClass.IN, false);
        LookupOutcome.Answer ns = assertInstanceOf(LookupOutcome.Answer.class, outcome);
        assertEquals(List.of("cluster.local. 5 NS ns.dns.cluster.local."), rdata(ns.records()));
        assertEquals(List.of(), ns.additional());
    }

    @Test
    void namesOutsideTheZoneAreRefusedWithoutUpstreamAndForwardedWithOne() {
        assertInstanceOf(LookupOutcome.Refused.class, ask("example.com.", Type.A));
        assertInstanceOf(LookupOutcome.Forward.class, ask("example.com.", Type.A, true));
        assertInstanceOf(LookupOutcome.Forward.class, ask("cluster.local.example.com.", Type.A, true));
    }

    @Test
    void zoneTransfersAreRefused() {
        assertInstanceOf(LookupOutcome.Refused.class, ask("cluster.local.", Type.AXFR));
    }

    @Test
    void ttlIsConfigurable() {
        ClusterZone zone = ZoneBuilder.build(DnsFixture.cluster(),
                new ZoneConfig("cluster.local", java.time.Duration.ofSeconds(30)), 1);
        LookupOutcome outcome = Resolver.resolve(zone, Name.fromConstantString("web.default.svc.cluster.local."),
                Type.A, DClass.IN, false);
        assertEquals(30, assertInstanceOf(LookupOutcome.Answer.class, outcome).records().getFirst().getTTL());
        LookupOutcome nx = Resolver.resolve(zone, Name.fromConstantString("x.default.svc.cluster.local."),
                Type.A, DClass.IN, false);
        assertEquals(30, assertInstanceOf(LookupOutcome.NxDomain.class, nx).soa().getMinimum());
    }
}
