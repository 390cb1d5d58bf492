#!/usr/bin/env python3
"""Runs one dnsperf inside the client's namespace for bench/dns.sh and records what it cost.

  client.py --out PREFIX [--self PID] [--tree PID] [--metrics NAME=URL]... -- dnsperf ARGS...

Writes PREFIX.out (dnsperf's stdout and stderr) and PREFIX.json:
  wall_s          wall clock of dnsperf
  client_cpu_s    dnsperf's user + system CPU (getrusage of children)
  server_cpu_s    user + system CPU of the server processes over the same window: --self PID counts that process
                  alone (podwire's lab daemon, whose threads serve both coredns pods), --tree PID counts it and every
                  descendant (nsd's main, xfrd and server processes)
  machine         /proc/stat over the window, in CPU-seconds: busy (everything but idle and iowait, whoever caused
                  it), softirq (the kernel's packet work: veths, bridges, iptables/conntrack of kube-proxy), total
  metrics         per NAME, the sum of coredns_dns_requests_total scraped from URL before and after (which coredns
                  pod answered how many queries); scraping happens outside the timed window
/proc is the host's (a network namespace does not change the PID namespace), so the server's CPU can be read from
here. Runs nothing but dnsperf and, for --metrics, plain HTTP GETs to addresses the caller gives.
"""
import json
import os
import resource
import subprocess
import sys
import time
import urllib.request

TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid):
    """user + system jiffies of one process (all its threads, live and ended)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))


def children_map():
    kids = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(name))
    return kids


def tree(pid):
    kids, out, todo = children_map(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return sorted(out)


def server_jiffies(selfs, trees):
    total = 0
    for pid in selfs + [p for t in trees for p in tree(t)]:
        try:
            total += proc_cpu(pid)
        except OSError:
            pass  # a process that ended inside the window: its CPU is lost, which can only lower the figure
    return total


def machine():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]  # user nice system idle iowait irq softirq steal
    return {"total": sum(v), "busy": sum(v) - v[3] - v[4], "softirq": v[6]}


def scrape(url):
    text = urllib.request.urlopen(url, timeout=5).read().decode()
    return sum(float(line.rsplit(None, 1)[1]) for line in text.splitlines()
               if line.startswith("coredns_dns_requests_total"))


def main(argv):
    if "--" not in argv:
        sys.exit(__doc__)
    opts, cmd = argv[:argv.index("--")], argv[argv.index("--") + 1:]
    out, selfs, trees, metrics = None, [], [], {}
    it = iter(opts)
    for o in it:
        if o == "--out":
            out = next(it)
        elif o == "--self":
            selfs.append(int(next(it)))
        elif o == "--tree":
            trees.append(int(next(it)))
        elif o == "--metrics":
            name, url = next(it).split("=", 1)
            metrics[name] = url
        else:
            sys.exit("client.py: unknown option %s\n%s" % (o, __doc__))
    if out is None or not cmd:
        sys.exit(__doc__)
    before = {n: scrape(u) for n, u in sorted(metrics.items())}
    m0, s0, t0 = machine(), server_jiffies(selfs, trees), time.monotonic()
    with open(out + ".out", "w") as f:
        rc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT).returncode
    t1, s1, m1 = time.monotonic(), server_jiffies(selfs, trees), machine()
    after = {n: scrape(u) for n, u in sorted(metrics.items())}
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    record = {
        "rc": rc,
        "wall_s": round(t1 - t0, 3),
        "client_cpu_s": round(ru.ru_utime + ru.ru_stime, 3),
        "server_cpu_s": round((s1 - s0) / TICK, 3) if selfs or trees else None,
        "machine": {k: round((m1[k] - m0[k]) / TICK, 2) for k in sorted(m0)},
        "metrics": {n: after[n] - before[n] for n in sorted(metrics)},
    }
    with open(out + ".json", "w") as f:
        json.dump(record, f, sort_keys=True)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
