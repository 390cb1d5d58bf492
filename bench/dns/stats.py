#!/usr/bin/env python3
"""Figures and tables for bench/dns.sh (issue 4); reads files only.

  stats.py parse PREFIX TARGET MODE ROUND IDLE  one JSON line from PREFIX.out (dnsperf) and PREFIX.json (client.py)
  stats.py table RESULTS.jsonl                the Markdown tables (medians over rounds) and every run

dnsperf 2.10 has no latency histogram; with -v it prints one line per answer ("> NOERROR name type 0.000151"),
from which p50/p90/p99/p99.9 are computed (nearest rank, answered queries only). Runs without -v get dnsperf's own
average, minimum and maximum only.

"rest CPU-s" in the table of every run is the machine's busy CPU-seconds minus the server's and dnsperf's: kernel
packet work charged to no benchmark process, plus whatever else ran on the machine meanwhile (other labs, other
benchmarks). A large value marks a run disturbed by other work; the maximum-rate table also gives the median of the
undisturbed runs only (rest at most 0.1 CPU cores). Caveats: /proc/stat is sampled at timer ticks while the
processes' CPU (utime + stime, scaled by the kernel to their exact run time) is not, so under light, bursty load (the
fixed-rate runs) the machine's figure undercounts and "rest" means nothing there; and the kernel charges softirq time
to whichever process was running, so "softirq" overlaps the processes' system time.
"""
import json
import re
import statistics
import sys

LABELS = {
    "nsd": "NSD 4.6.1, static zone (baseline)",
    "svc": "podwire via kube-dns Service 10.96.0.10",
    "pod": "podwire, one coredns pod directly",
}
ORDER = ["nsd", "svc", "pod"]


def parse(prefix, target, mode, rnd, idle):
    text = open(prefix + ".out").read()
    rec = json.load(open(prefix + ".json"))

    def num(pattern, cast=float):
        m = re.search(pattern, text)
        if not m:
            sys.exit("stats.py: %r not found in %s.out (dnsperf failed?):\n%s" % (pattern, prefix, text[-2000:]))
        return cast(m.group(1))

    lat = sorted(float(m.group(1)) for m in re.finditer(r"^> [A-Z]+ \S+ \S+ ([0-9.]+)$", text, re.M))
    out = {
        "target": target, "mode": mode, "round": int(rnd), "idle": int(idle),
        "sent": num(r"Queries sent:\s+(\d+)", int),
        "completed": num(r"Queries completed:\s+(\d+)", int),
        "lost": num(r"Queries lost:\s+(\d+)", int),
        "rcodes": dict((k, int(v)) for k, v in re.findall(r"([A-Z]+) (\d+) \(", num(r"Response codes:\s+(.*)", str))),
        "run_s": num(r"Run time \(s\):\s+([0-9.]+)"),
        "qps": num(r"Queries per second:\s+([0-9.]+)"),
        "avg_ms": num(r"Average Latency \(s\):\s+([0-9.]+)") * 1000,
        "min_ms": num(r"Average Latency \(s\):\s+[0-9.]+ \(min ([0-9.]+)") * 1000,
        "max_ms": num(r"Average Latency \(s\):.*max ([0-9.]+)\)") * 1000,
        "resp_bytes": num(r"Average packet size:\s+request \d+, response (\d+)", int),
    }
    if lat:
        for name, q in (("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("p999", 0.999)):
            out[name + "_ms"] = lat[min(len(lat) - 1, max(0, int(round(q * len(lat) + 0.5)) - 1))] * 1000
    out.update({k: rec[k] for k in ("wall_s", "client_cpu_s", "server_cpu_s", "machine", "metrics", "rc")})
    print(json.dumps(out, sort_keys=True))


def med(rows, key):
    vals = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def f(v, fmt):
    return "-" if v is None else fmt % v


def rest(r):
    return max(0.0, r["machine"]["busy"] - (r.get("server_cpu_s") or 0) - r["client_cpu_s"])


def quiet(r):
    """a run that other work on the machine hardly disturbed: at most 0.1 CPU cores not charged to server or dnsperf"""
    return rest(r) <= 0.1 * r["wall_s"]


def per_core(r):
    """queries answered per CPU-second of the server process(es); per busy CPU-second of the whole machine."""
    s = r["completed"] / r["server_cpu_s"] if r.get("server_cpu_s") else None
    m = r["completed"] / r["machine"]["busy"] if r["machine"]["busy"] else None
    return s, m


def table(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    for r in rows:
        r["srv_qpc"], r["mach_qpc"] = per_core(r)
        r["srv_cores"] = r["server_cpu_s"] / r["wall_s"] if r.get("server_cpu_s") is not None else None
        r["cli_cores"] = r["client_cpu_s"] / r["wall_s"]
        r["busy_cores"] = r["machine"]["busy"] / r["wall_s"]
        r["softirq_cores"] = r["machine"]["softirq"] / r["wall_s"]
    modes = sorted({r["mode"] for r in rows}, key=lambda m: (m != "max", m))
    for mode in modes:
        sel = [r for r in rows if r["mode"] == mode]
        base = med([r for r in sel if r["target"] == "nsd"], "qps")
        print()
        if mode == "max":
            print("Maximum rate (no -Q; medians over %d rounds):" % len({r["round"] for r in sel}))
            print()
            print("| target | queries/s | vs NSD | undisturbed runs: q/s (n) | vs NSD | avg latency ms | lost | server CPU cores |"
                  " queries per server CPU-s | machine busy cores (softirq) | queries per busy machine CPU-s |"
                  " dnsperf CPU cores |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        else:
            print("Fixed offered rate, dnsperf -Q %s -v (medians over %d rounds; percentiles from the -v lines):"
                  % (mode[len("rate"):], len({r["round"] for r in sel})))
            print()
            print("| target | queries/s | avg ms | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | lost |"
                  " server CPU cores | vs NSD (server CPU) |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        base_cpu = med([r for r in sel if r["target"] == "nsd"], "srv_cores")
        base_calm = med([r for r in sel if r["target"] == "nsd" and quiet(r)], "qps")
        for t in ORDER:
            tr = [r for r in sel if r["target"] == t]
            if not tr:
                continue
            q = med(tr, "qps")
            lost = sum(r["lost"] for r in tr)
            if mode == "max":
                calm = [r for r in tr if quiet(r)]
                cq = med(calm, "qps")
                print("| %s | %s | %s | %s (%d) | %s | %s | %d | %s | %s | %s (%s) | %s | %s |" % (
                    LABELS[t], f(q, "%.0f"), f(q / base if base else None, "%.2f×"), f(cq, "%.0f"), len(calm),
                    f(cq / base_calm if cq and base_calm else None, "%.2f×"), f(med(tr, "avg_ms"), "%.2f"),
                    lost, f(med(tr, "srv_cores"), "%.2f"), f(med(tr, "srv_qpc"), "%.0f"),
                    f(med(tr, "busy_cores"), "%.2f"), f(med(tr, "softirq_cores"), "%.2f"),
                    f(med(tr, "mach_qpc"), "%.0f"), f(med(tr, "cli_cores"), "%.2f")))
            else:
                sc = med(tr, "srv_cores")
                print("| %s | %s | %s | %s | %s | %s | %s | %s | %d | %s | %s |" % (
                    LABELS[t], f(q, "%.0f"), f(med(tr, "avg_ms"), "%.3f"), f(med(tr, "p50_ms"), "%.3f"),
                    f(med(tr, "p90_ms"), "%.3f"), f(med(tr, "p99_ms"), "%.3f"), f(med(tr, "p999_ms"), "%.2f"),
                    f(med(tr, "max_ms"), "%.1f"), lost, f(sc, "%.3f"),
                    f(sc / base_cpu if sc is not None and base_cpu else None, "%.1f×")))
    print()
    print("Every run:")
    print()
    print("| mode | round | target | queries/s | avg ms | p50 ms | p99 ms | lost | response codes | server CPU-s |"
          " dnsperf CPU-s | machine busy CPU-s (softirq) | rest CPU-s | wall s | answered per coredns pod |"
          " CPUs idle before |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|")
    for r in sorted(rows, key=lambda r: (r["mode"] != "max", r["mode"], r["round"], ORDER.index(r["target"]))):
        split = ", ".join("%s %d" % (k, v) for k, v in sorted(r["metrics"].items())) or "-"
        codes = ", ".join("%s %d" % (k, v) for k, v in sorted(r["rcodes"].items()))
        print("| %s | %d | %s | %.0f | %.3f | %s | %s | %d | %s | %s | %.2f | %.2f (%.2f) | %.1f | %.1f | %s | %d %% |" % (
            r["mode"], r["round"], r["target"], r["qps"], r["avg_ms"], f(r.get("p50_ms"), "%.3f"),
            f(r.get("p99_ms"), "%.3f"), r["lost"], codes, f(r.get("server_cpu_s"), "%.2f"), r["client_cpu_s"],
            r["machine"]["busy"], r["machine"]["softirq"],
            rest(r), r["wall_s"], split,
            r["idle"]))


def main(argv):
    if len(argv) == 6 and argv[0] == "parse":
        parse(*argv[1:])
    elif len(argv) == 2 and argv[0] == "table":
        table(argv[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
