#!/usr/bin/env python3
"""Files for bench/dns.sh (issue 4); touches no network and starts no process.

  gen.py lab FILE SERVICES                 the lab file of lab dnsbench
  gen.py queries FILE SERVICES             dnsperf's query file (60 % A, 20 % SRV, 20 % NXDOMAIN, fixed order)
  gen.py zone FILE SVC_JSON SOA_LINE       the static zone cluster.local for NSD, from `podwire get svc -o json`
  gen.py nsdconf FILE DIR ADDRESS ZONE     nsd.conf: everything under DIR, bound to ADDRESS, no rate limiting
"""
import json
import random
import sys

NAMESPACE = "default"
DOMAIN = "cluster.local"
TTL = 5  # podwire's dns.ttl default, the TTL it answers with


def lab(path, services):
    docs = ["""apiVersion: podwire.dev/v1alpha1
kind: Lab
metadata: {name: dnsbench}
spec:
  underlay:
    segments: [{name: lan, subnet: 192.168.130.0/24, gateway: 192.168.130.1}]
  nodes:
  - {name: n1, segment: lan, address: 192.168.130.11, interface: eth0}
  - {name: n2, segment: lan, address: 192.168.130.12, interface: eth0}
  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: host-gw}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: httpd, ports: [{name: http, containerPort: 80}]}]
"""]
    for i in range(1, services + 1):
        docs.append("""---
apiVersion: v1
kind: Service
metadata: {name: svc%d}
spec:
  selector: {app: web}
  ports: [{name: http, protocol: TCP, port: 80, targetPort: http}]
""" % i)
    write(path, "".join(docs))


def queries(path, services):
    """Per service: its A name 3 times, its SRV name once, one missing name once; shuffled with a fixed seed."""
    lines = []
    for i in range(1, services + 1):
        base = "svc%d.%s.svc.%s" % (i, NAMESPACE, DOMAIN)
        lines += ["%s A" % base] * 3
        lines.append("_http._tcp.%s SRV" % base)
        lines.append("missing%d.%s.svc.%s A" % (i, NAMESPACE, DOMAIN))
    random.Random(4).shuffle(lines)
    write(path, "\n".join(lines) + "\n")


def zone(path, svc_json, soa_line):
    """The records podwire answers for the benchmark's names (Kubernetes DNS spec 1.1.0, ClusterIP Services):
    <svc>.<ns>.svc A <ClusterIP>; _<port>._<proto>.<svc>.<ns>.svc SRV 0 100 <port> <svc>.<ns>.svc. per named port.
    SOA_LINE is podwire's own SOA answer (dig +short), so that NXDOMAIN answers carry the same authority record. No NS
    record: NSD would put it in the authority section of every positive answer, which podwire (like CoreDNS) does not.
    """
    soa = soa_line.split()
    if len(soa) != 7:
        sys.exit("gen.py zone: SOA_LINE must be 7 fields (mname rname serial refresh retry expire minimum), got %r"
                 % soa_line)
    items = json.load(open(svc_json))["items"]
    out = ["$ORIGIN %s." % DOMAIN, "$TTL %d" % TTL, "@ %d IN SOA %s" % (TTL, " ".join(soa))]
    count = 0
    for svc in sorted(items, key=lambda s: s["metadata"]["name"]):
        meta, spec = svc["metadata"], svc["spec"]
        if meta.get("namespace", NAMESPACE) != NAMESPACE or spec.get("type", "ClusterIP") != "ClusterIP":
            continue
        ip = spec.get("clusterIP", "")
        if not ip or ip == "None":
            continue
        owner = "%s.%s.svc" % (meta["name"], NAMESPACE)
        out.append("%s %d IN A %s" % (owner, TTL, ip))
        for port in spec.get("ports", []):
            if port.get("name"):
                out.append("_%s._%s.%s %d IN SRV 0 100 %d %s.%s." % (
                    port["name"], port.get("protocol", "TCP").lower(), owner, TTL, port["port"], owner, DOMAIN))
        count += 1
    if count == 0:
        sys.exit("gen.py zone: no ClusterIP Service in namespace %s in %s" % (NAMESPACE, svc_json))
    write(path, "\n".join(out) + "\n")


def nsdconf(path, directory, address, zonefile):
    write(path, """server:
    ip-address: %(address)s
    port: 53
    do-ip6: no
    server-count: 1
    username: ""
    chroot: ""
    database: ""
    zonesdir: "%(dir)s"
    zonelistfile: "%(dir)s/zone.list"
    xfrdfile: "%(dir)s/xfrd.state"
    xfrdir: "%(dir)s"
    pidfile: "%(dir)s/nsd.pid"
    logfile: "%(dir)s/nsd.log"
    hide-version: yes
    verbosity: 1
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
remote-control:
    control-enable: no
zone:
    name: %(domain)s
    zonefile: "%(zone)s"
""" % {"address": address, "dir": directory, "domain": DOMAIN, "zone": zonefile})


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def main(argv):
    if len(argv) >= 3 and argv[0] == "lab":
        lab(argv[1], int(argv[2]))
    elif len(argv) >= 3 and argv[0] == "queries":
        queries(argv[1], int(argv[2]))
    elif len(argv) >= 4 and argv[0] == "zone":
        zone(argv[1], argv[2], argv[3])
    elif len(argv) >= 5 and argv[0] == "nsdconf":
        nsdconf(argv[1], argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
