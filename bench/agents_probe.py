#!/usr/bin/env python3
"""bench/agents.sh's measuring half (standard library only). Runs inside the lab's etcd namespace, so that it reaches
etcd on the segment address as the agents do, and starts one watcher pair per node namespace:

  nft monitor rules   (ip netns exec <lab>-<node>): the kernel announces every rule a node's kube-proxy commits, with
                      no polling; the moment a line with the Service's ClusterIP and the new port is read is the
                      moment that node's rules hold the change.
  etcdctl watch       (ip netns exec <lab>-<node>, to etcd over the lab's underlay, as the agent's own watch): the
                      baseline, etcd's own put -> watch delivery to 50 watchers in 50 namespaces.

  agents_probe.py measure LAB ETCD_URL SERVICE_KEY ROUNDS GAP_S NODE...   (prints JSON on stdout)
  agents_probe.py report RESULT.json                                      (p50/p99 table)
  agents_probe.py rss LAB                                                 (RSS of the lab's processes, by role)
  agents_probe.py cpu LAB SECONDS                                         (their CPU use over a quiet window)

Writes go through etcd's gRPC gateway (POST /v3/kv/put on a kept-alive HTTP connection): t0 is taken the moment the
put's response (etcd's acknowledgement, after the write is committed) has been read. Every timestamp is
CLOCK_MONOTONIC, read by one single-threaded select loop that stamps each line as it arrives (no thread scheduling
between a line and its stamp). Rounds interleave a Service change and a bare put, so drift hits both alike.

Service change, round r: the stored Service (JSON, as podwire keeps it under /registry/services/specs/) gets port
21000+r (targetPort unchanged, so no EndpointSlice changes): kube-proxy's KUBE-SERVICES rule for the ClusterIP changes
its --dport on every node. Prints one JSON object with every per-node latency (ns) per round, on stdout.
"""
import base64
import http.client
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

TIMEOUT_S = 60


def b64(s):
    return base64.b64encode(s.encode()).decode()


class Etcd:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)

    def call(self, path, body):
        self.conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
        resp = self.conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"etcd {path}: HTTP {resp.status}: {data[:300]!r}")
        return json.loads(data)

    def get(self, key):
        kvs = self.call("/v3/kv/range", {"key": b64(key)}).get("kvs", [])
        if not kvs:
            raise RuntimeError(f"etcd has no key {key}")
        return base64.b64decode(kvs[0]["value"]).decode()

    def put(self, key, value):
        """Puts; {return (t_send, t_ack)}: CLOCK_MONOTONIC ns before the request was sent and when etcd's
        acknowledgement had been read}"""
        body = {"key": b64(key), "value": b64(value)}
        t_send = time.monotonic_ns()
        self.call("/v3/kv/put", body)
        return t_send, time.monotonic_ns()


class Streams:
    """Line streams of many child processes, stamped as they arrive, read by one select loop."""

    def __init__(self):
        self.sel = selectors.DefaultSelector()
        self.procs = []
        self.buf = {}

    def start(self, tag, argv):
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        os.set_blocking(p.stdout.fileno(), False)
        self.sel.register(p.stdout.fileno(), selectors.EVENT_READ, tag)
        self.buf[p.stdout.fileno()] = b""
        self.procs.append(p)

    def poll(self, timeout):
        """{return [(tag, line, stamp)] read within timeout seconds}"""
        out = []
        for key, _ in self.sel.select(timeout):
            fd = key.fd
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                continue
            stamp = time.monotonic_ns()
            if not chunk:
                self.sel.unregister(fd)
                raise RuntimeError(f"watcher {key.data} exited")
            data = self.buf[fd] + chunk
            *lines, self.buf[fd] = data.split(b"\n")
            out.extend((key.data, line.decode(errors="replace"), stamp) for line in lines)
        return out

    def drain(self, seconds):
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.poll(left)

    def wait_all(self, tags, match, write):
        """Runs write() (which {returns (t_send, t_ack)}) on a thread of its own while this loop keeps stamping lines,
        so a line that arrives before the acknowledgement is stamped when it arrives, not after the put returned.
        {return ({tag: stamp}, t_send, t_ack)} with the stamp of the first line of each tag for which match(line)
        holds."""
        done = {}

        def run():
            try:
                done["t"] = write()
            except Exception as e:  # noqa: BLE001 - reported by the loop below
                done["error"] = e

        writer = threading.Thread(target=run, daemon=True)
        seen = {}
        tagset = set(tags)
        deadline = time.monotonic() + TIMEOUT_S
        writer.start()
        while len(seen) < len(tags) or writer.is_alive():
            if "error" in done:
                raise RuntimeError(f"etcd write failed: {done['error']}")
            left = deadline - time.monotonic()
            if left <= 0:
                missing = sorted(set(tags) - set(seen))
                raise RuntimeError(f"{len(missing)} of {len(tags)} nodes not updated within {TIMEOUT_S} s: "
                                   f"{missing[:10]}")
            for tag, line, stamp in self.poll(min(left, 0.05)):
                if tag in tagset and tag not in seen and match(line):
                    seen[tag] = stamp
        writer.join()
        if "error" in done:
            raise RuntimeError(f"etcd write failed: {done['error']}")
        return seen, done["t"][0], done["t"][1]

    def stop(self):
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def measure(lab, url, svc_key, rounds, gap, nodes):
    sys.setswitchinterval(0.0002)  # the writer thread must not hold the stamping loop back for long
    etcd = Etcd(url)
    svc = json.loads(etcd.get(svc_key))
    cluster_ip = svc["spec"]["clusterIP"]
    streams = Streams()  # one loop reads every watcher, so no pipe fills up while the other kind is measured
    rule_tags, watch_tags = [("rules", n) for n in nodes], [("watch", n) for n in nodes]
    watch_prefix = "/pwbench/watch/"
    try:
        for n in nodes:
            streams.start(("rules", n), ["ip", "netns", "exec", f"{lab}-{n}", "stdbuf", "-oL", "nft", "monitor", "rules"])
            streams.start(("watch", n), ["ip", "netns", "exec", f"{lab}-{n}", "etcdctl", "--endpoints", url, "watch",
                              "--prefix", watch_prefix])
        time.sleep(3)  # every watcher connected and registered (etcdctl registers asynchronously)
        # One warm-up put, untimed, proves every watcher sees events before anything is timed.
        streams.wait_all(watch_tags, lambda l: l == watch_prefix + "warm",
                         lambda: etcd.put(watch_prefix + "warm", "w"))
        result = {"nodes": len(nodes), "clusterIP": cluster_ip, "service": [], "etcd": []}
        for r in range(rounds + 1):
            port = 21000 + r
            svc = json.loads(etcd.get(svc_key))
            svc["spec"]["ports"][0]["port"] = port
            value = json.dumps(svc, separators=(",", ":"))
            needle_ip, needle_port = f"daddr {cluster_ip} ", f"dport {port} "
            seen, t_send, t_ack = streams.wait_all(rule_tags, lambda l: needle_ip in l and needle_port in l,
                                                 lambda: etcd.put(svc_key, value))
            svc_round = {"t_ack_ns": t_ack - t_send, "from_ack": {n: t - t_ack for (_, n), t in seen.items()},
                         "from_send": {n: t - t_send for (_, n), t in seen.items()}}
            streams.drain(gap)
            key = f"{watch_prefix}{r}"
            seen, t_send, t_ack = streams.wait_all(watch_tags, lambda l: l == key, lambda: etcd.put(key, str(r)))
            etcd_round = {"t_ack_ns": t_ack - t_send, "from_ack": {n: t - t_ack for (_, n), t in seen.items()},
                          "from_send": {n: t - t_send for (_, n), t in seen.items()}}
            streams.drain(gap)
            if r > 0:  # round 0 is the warm-up
                result["service"].append(svc_round)
                result["etcd"].append(etcd_round)
            print(f"round {r}/{rounds}{' (warm-up)' if r == 0 else ''}: every node's rules"
                  f" {max(svc_round['from_ack'].values()) / 1e6:.1f} ms after the ack,"
                  f" every etcd watcher {max(etcd_round['from_ack'].values()) / 1e6:.2f} ms"
                  f" (puts acknowledged in {svc_round['t_ack_ns'] / 1e6:.2f} / {etcd_round['t_ack_ns'] / 1e6:.2f} ms)",
                  file=sys.stderr, flush=True)
        json.dump(result, sys.stdout)
        print()
    finally:
        streams.stop()


def pct(values, p):
    s = sorted(values)
    i = max(0, min(len(s) - 1, -(-p * len(s) // 100) - 1))
    return s[i]


def report(path):
    with open(path) as f:
        res = json.load(f)
    print(f"nodes={res['nodes']} rounds={len(res['service'])}")
    print("| case | t0 | every node p50 | every node p99 | every node max | per node p50 | per node p99 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    figures = {}
    for name, rounds in (("podwire: Service change in etcd -> node's rules (nft monitor)", res["service"]),
                         ("etcd: put -> `etcdctl watch` in the node (baseline)", res["etcd"])):
        for t0 in ("from_ack", "from_send"):
            per_node = [v for r in rounds for v in r[t0].values()]
            every = [max(r[t0].values()) for r in rounds]
            f = (pct(every, 50), pct(every, 99), max(every), pct(per_node, 50), pct(per_node, 99))
            figures[(name, t0)] = f
            label = "put acknowledged" if t0 == "from_ack" else "put sent"
            print(f"| {name} | {label} | " + " | ".join(f"{v / 1e6:.2f} ms" for v in f) + " |")
    acks = sorted(r["t_ack_ns"] for r in res["service"] + res["etcd"])
    print(f"put round trip (send -> ack read): p50 {pct(acks, 50) / 1e6:.2f} ms, max {acks[-1] / 1e6:.2f} ms")
    (svc, base) = [k[0] for k in list(figures)[::2]]
    for t0 in ("from_ack", "from_send"):
        s, b = figures[(svc, t0)], figures[(base, t0)]
        print(f"ratio podwire/etcd ({t0}): every node p50 {s[0] / b[0]:.1f}x, p99 {s[1] / b[1]:.1f}x;"
              f" per node p50 {s[3] / b[3]:.1f}x, p99 {s[4] / b[4]:.1f}x")


def scan(lab):
    """{return {role: [(rss kB, CPU seconds so far)]}} of the lab's agent, runtime, daemon and etcd processes, found
    by their command lines (CPU: utime + stime of the process itself, not of the commands it runs)."""
    roles = {"agent": [], "runtime": [], "daemon": [], "etcd": []}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().decode(errors="replace").split("\0")
            with open(f"/proc/{pid}/status") as f:
                kb = next((int(l.split()[1]) for l in f if l.startswith("VmRSS:")), 0)
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        entry = (kb, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
        role = ""
        if "dev.podwire.cli.Main" in argv:
            i = argv.index("dev.podwire.cli.Main")
            kind = argv[i + 1] if i + 1 < len(argv) else ""
            if kind == "agent" and "--lab" in argv and argv[argv.index("--lab") + 1] == lab:
                role = "agent"
            elif kind == "runtime" and "--netns" in argv and argv[argv.index("--netns") + 1].startswith(lab + "-"):
                role = "runtime"
        elif "dev.podwire.daemon.DaemonMain" in argv and "--lab" in argv and argv[argv.index("--lab") + 1] == lab:
            role = "daemon"
        elif argv and os.path.basename(argv[0]) == "etcd" and any(f"/{lab}/" in a for a in argv):
            role = "etcd"
        if role:
            roles[role].append(entry)
    return roles


def rss(lab):
    """Prints RSS and CPU time so far of the lab's processes, by role."""
    roles = scan(lab)
    for role, entries in roles.items():
        kbs = [kb for kb, _ in entries]
        if kbs:
            print(f"{role}: {len(kbs)} processes, total {sum(kbs) / 1024:.0f} MiB, per process"
                  f" median {pct(kbs, 50) / 1024:.0f} MiB, max {max(kbs) / 1024:.0f} MiB;"
                  f" CPU time used so far {sum(c for _, c in entries):.0f} s")
        else:
            print(f"{role}: no process found")
    both = [kb for kb, _ in roles["agent"] + roles["runtime"]]
    print(f"agent + runtime: {len(both)} processes, total {sum(both) / 1024:.0f} MiB")


def cpu(lab, seconds):
    """Prints the CPU the lab's processes use over a window with nothing changing (the agents' resyncs)."""
    before = {r: sum(c for _, c in e) for r, e in scan(lab).items()}
    time.sleep(seconds)
    after = {r: sum(c for _, c in e) for r, e in scan(lab).items()}
    used = {r: after[r] - before[r] for r in before}
    print(f"idle lab, {seconds:.0f} s: " + ", ".join(f"{r} {used[r] / seconds * 100:.0f}% of one CPU"
                                                     for r in used) + f" (machine: {os.cpu_count()} CPUs)")


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "measure":
        measure(args[0], args[1], args[2], int(args[3]), float(args[4]), args[5:])
    elif mode == "report":
        report(args[0])
    elif mode == "rss":
        rss(args[0])
    elif mode == "cpu":
        cpu(args[0], float(args[1]))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
