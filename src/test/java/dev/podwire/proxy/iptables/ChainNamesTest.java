package dev.podwire.proxy.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.net.Ipv4;
import dev.podwire.proxy.EndpointInfo;
import dev.podwire.net.Protocol;
import dev.podwire.proxy.ServicePortName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hashes from the kube-proxy reference (its test fixtures, real dumps) and the seeds. */
class ChainNamesTest {
    @ParameterizedTest
    @CsvSource({
        "ns1, svc1, p80, TCP, KUBE-SVC-XPGD46QRK7WJZT7O",
        "ns2, svc2, p80, TCP, KUBE-SVC-GNZBNJ2PO5MGZ6GT",
        "ns2, svc2, p8080, TCP, KUBE-SVC-2VJB64SDSIJUP5T6",
        "default, kubernetes, https, TCP, KUBE-SVC-NPX46M4PTMTKRN6Y",
        "kube-system, kube-dns, dns, UDP, KUBE-SVC-TCOU7JCQXEZGVUNU",
        "kube-system, kube-dns, dns-tcp, TCP, KUBE-SVC-ERIFXISQEP7F7OF4",
        "kube-system, kube-dns, metrics, TCP, KUBE-SVC-JD5MR3NA4I4DYORP",
        "ns1, svc1, '', TCP, KUBE-SVC-AQI2S6QIMU7PVVRP",
    })
    void serviceChainHashesPortNameAndProtocol(String ns, String name, String port, Protocol p, String chain) {
        ServicePortName spn = new ServicePortName(ns, name, port, p);
        assertEquals(chain, ChainNames.serviceChain(spn));
        String hash = chain.substring("KUBE-SVC-".length());
        assertEquals("KUBE-SVL-" + hash, ChainNames.localChain(spn));
        assertEquals("KUBE-EXT-" + hash, ChainNames.externalChain(spn));
        assertEquals("KUBE-FW-" + hash, ChainNames.firewallChain(spn));
    }

    @ParameterizedTest
    @CsvSource({
        "ns1, svc1, p80, TCP, 10.180.0.1, 80, KUBE-SEP-SXIVWICOYRO3J4NJ",
        "ns5, svc5, p80, TCP, 10.180.0.3, 80, KUBE-SEP-I77PXRDZVX7PMWMN",
        "ns1, svc1, p80, TCP, 10.0.0.0, 80, KUBE-SEP-DKGQUZGBKLTPAR56",
        "kube-system, kube-dns, dns, UDP, 10.244.0.3, 53, KUBE-SEP-6E7XQMQ4RAYOWTTM",
        "kube-system, kube-dns, metrics, TCP, 10.244.0.2, 9153, KUBE-SEP-N4G2XR5TDX7PQE7P",
        "kube-system, kube-dns, metrics, TCP, 10.244.0.3, 9153, KUBE-SEP-ZP3FB6NMPNCO4VBJ",
    })
    void endpointChainHashesServiceProtocolAndIpPort(String ns, String name, String port, Protocol p, String ip,
            int epPort, String chain) {
        EndpointInfo ep = EndpointInfo.ready(Ipv4.parse(ip), epPort, "n");
        assertEquals(chain, ChainNames.endpointChain(new ServicePortName(ns, name, port, p), ep));
    }
}
