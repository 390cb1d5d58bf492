package dev.podwire.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TextParseException;

/** The records of one Service (kubernetes/dns spec 2.3 - 2.5 plus CoreDNS's extensions), added to a table. */
final class ServiceRecords {
    /** A ready endpoint address with its DNS label and the ports of its slice. */
    record ReadyEndpoint(String label, InetAddress ip, List<EndpointPort> ports) {}

    private final RecordTable table;
    private final Map<Name, Record> clusterIpPtrs;
    private final Map<Name, List<Record>> endpointPtrs;

    /** Writes into {@code table}; PTRs are collected apart because ClusterIP PTRs shadow endpoint PTRs. */
    ServiceRecords(RecordTable table, Map<Name, Record> clusterIpPtrs, Map<Name, List<Record>> endpointPtrs) {
        this.table = table;
        this.clusterIpPtrs = clusterIpPtrs;
        this.endpointPtrs = endpointPtrs;
    }

    /** Adds the records of {@code service} (named {@code svcName}) with its ready endpoints. */
    void add(Service service, Name svcName, List<ReadyEndpoint> endpoints) {
        if ("ExternalName".equals(service.getSpec().getType())) {
            addExternalName(service, svcName);
            return;
        }
        List<InetAddress> clusterIps = clusterIps(service);
        if (clusterIps.isEmpty()) {
            // Headless: the service name lists the ready endpoints; none ready means no name at all (NXDOMAIN).
            endpoints.forEach(ep -> table.add(address(svcName, ep.ip())));
        } else {
            for (InetAddress ip : clusterIps) {
                table.add(address(svcName, ip));
                clusterIpPtrs.putIfAbsent(ReverseMap.fromAddress(ip), ptr(ip, svcName));
                for (ServicePort port : ports(service)) {
                    srv(port.getName(), port.getProtocol(), port.getPort(), svcName, svcName, ip);
                }
            }
        }
        for (ReadyEndpoint ep : endpoints) {
            Optional<Name> epName = child(ep.label(), svcName);
            if (epName.isEmpty()) {
                continue;
            }
            table.add(address(epName.get(), ep.ip()));
            endpointPtrs.computeIfAbsent(ReverseMap.fromAddress(ep.ip()), n -> new ArrayList<>())
                    .add(ptr(ep.ip(), epName.get()));
            if (clusterIps.isEmpty()) {
                for (EndpointPort port : ep.ports()) {
                    srv(port.getName(), port.getProtocol(), port.getPort(), svcName, epName.get(), ep.ip());
                }
            }
        }
    }

    private void addExternalName(Service service, Name svcName) {
        String external = Optional.ofNullable(service.getSpec().getExternalName()).orElse("").trim();
        Optional<InetAddress> ip = DashedIp.literal(external);
        if (ip.isPresent()) {
            // CoreDNS serves an IP-looking externalName as an address record, not as a CNAME.
            table.add(address(svcName, ip.get()));
            return;
        }
        try {
            Name target = Name.fromString(external.endsWith(".") ? external : external + ".");
            table.add(new CNAMERecord(svcName, DClass.IN, table.ttl(), target));
        } catch (TextParseException e) {
            // An invalid externalName gives no record, like a service that does not exist.
        }
    }

    // Named ports get _<port>._<proto>.<svc> (spec 2.3.2/2.4.2); every port, named or not, also shows in an SRV
    // query on the service name itself (a CoreDNS extension). CoreDNS reads _<port>._<proto>.<svc> as the service
    // filtered by port, so an A or AAAA query there answers the address behind the port (the ClusterIP, or the
    // endpoint's address for a headless service): it is stored with the SRV.
    private void srv(String portName, String protocol, Integer port, Name svcName, Name target, InetAddress ip) {
        if (port == null || port < 0 || port > 65535) {
            return;
        }
        table.addSrv(svcName, port, target);
        if (portName == null || portName.isEmpty()) {
            return;
        }
        String proto = Optional.ofNullable(protocol).orElse("TCP").toLowerCase(Locale.ROOT);
        child("_" + portName.toLowerCase(Locale.ROOT) + "._" + proto, svcName).ifPresent(owner -> {
            table.addSrv(owner, port, target);
            table.add(address(owner, ip));
        });
    }

    private static List<ServicePort> ports(Service service) {
        return Optional.ofNullable(service.getSpec().getPorts()).orElse(List.of());
    }

    /** {@return the service's ClusterIPs (both families when dual-stack); empty for a headless service} */
    static List<InetAddress> clusterIps(Service service) {
        List<String> texts = service.getSpec().getClusterIPs();
        if (texts == null || texts.isEmpty()) {
            texts = service.getSpec().getClusterIP() == null ? List.of() : List.of(service.getSpec().getClusterIP());
        }
        LinkedHashSet<InetAddress> unique = new LinkedHashSet<>();
        for (String text : texts) {
            DashedIp.literal(text).ifPresent(unique::add);
        }
        return List.copyOf(unique);
    }

    Record address(Name owner, InetAddress ip) {
        return DashedIp.isV4(ip)
                ? new ARecord(owner, DClass.IN, table.ttl(), ip)
                : new AAAARecord(owner, DClass.IN, table.ttl(), ip);
    }

    private PTRRecord ptr(InetAddress ip, Name target) {
        return new PTRRecord(ReverseMap.fromAddress(ip), DClass.IN, table.ttl(), target);
    }

    /** {@return {@code label.parent}, or empty when the label is not valid in a name} */
    static Optional<Name> child(String label, Name parent) {
        try {
            return Optional.of(Name.concatenate(Name.fromString(label), parent));
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            return Optional.empty();
        }
    }
}
