#!/usr/bin/env python3
"""Asks SERVER every distinct question of a dnsperf query file with dig, the way dnsperf asks (UDP, no EDNS, RD
clear), and prints one normalised block per question: rcode, flags, then the answer, authority and additional records
sorted. bench/dns.sh runs it against podwire and against NSD and compares the two outputs, so that the baseline
serves exactly what podwire serves for the benchmark's names.

  digcheck.py SERVER QUERYFILE
"""
import re
import subprocess
import sys


def ask(server, name, qtype):
    out = subprocess.run(["dig", "@" + server, "+norec", "+noedns", "+tries=3", "+time=2", "+nocookie",
                          "+noall", "+comments", "+answer", "+authority", "+additional", name, qtype],
                         capture_output=True, text=True).stdout
    status = re.search(r"status: ([A-Z]+)", out)
    flags = re.search(r";; flags: ([a-z ]+);", out)
    records = sorted(" ".join(line.split()) for line in out.splitlines() if line and not line.startswith(";"))
    head = "%s %s: %s [%s]" % (name, qtype, status.group(1) if status else "NO ANSWER",
                               flags.group(1).strip() if flags else "")
    return "\n".join([head] + ["    " + r for r in records])


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    server, path = argv
    questions = sorted({tuple(line.split()[:2]) for line in open(path) if line.strip()})
    for name, qtype in questions:
        print(ask(server, name, qtype))


if __name__ == "__main__":
    main(sys.argv[1:])
