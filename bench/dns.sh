#!/usr/bin/env bash
# Cluster DNS benchmark (issue 4): dnsperf from a pod against podwire's cluster DNS (through the kube-dns Service
# and straight at one coredns pod) for a mix of service A, SRV and NXDOMAIN queries, against a baseline measured in
# the same run: NSD (Debian's authoritative server) serving the same records as a static zone, reached over a bare
# veth pair. See bench/dns.md. Run as root from anywhere: sudo bench/dns.sh
#
# Needs: root, ip (iproute2), python3 (standard library only), dnsperf, nsd, dig. Whatever of dnsperf, nsd and dig
# (bind9-dnsutils) is missing is installed with `DEBIAN_FRONTEND=noninteractive apt-get install -y ...` (said on
# stderr). Debian's nsd package enables an nsd.service; if installing it started that service (it does not where
# policy-rc.d forbids it, as in containers), the script stops and disables it again, since nothing may serve in the
# host's namespace. podwire runs from a copy of target/podwire.jar and target/lib taken at the start.
#
# Environment:
#   BENCH_REPEAT    rounds; each round runs every target once per mode (tables show medians)   default 3
#   BENCH_TIME      seconds per dnsperf run (dnsperf -l)                                        default 20
#   BENCH_CLIENTS   dnsperf -c (simulated clients = UDP sockets)                                default 4
#   BENCH_RATE      offered rate of the latency runs (dnsperf -Q, with -v for percentiles)      default 5000
#   BENCH_SERVICES  Services svc1..svcN                                                         default 20
#   BENCH_WARMUP    seconds of untimed dnsperf against every target before round 1 (JIT)        default 5
#   BENCH_IDLE      before each run, wait (up to BENCH_IDLE_WAIT s, default 120) until the CPUs were at least this %
#                   idle over one second; 0 = do not wait                                       default 85
#   BENCH_RESULTS   also copy the raw per-run figures (JSON lines, see dns/stats.py) to this file
#   BENCH_KEEP=1    keep the work directory (dnsperf outputs, zone, nsd.conf, logs) instead of deleting it
#
# Two modes per target and round: "max" (dnsperf without -Q: as fast as the server answers, with at most 100
# queries outstanding, dnsperf's default -q) and "rate<N>" (-Q N -v: latency percentiles at a load every target
# sustains). Targets, in an order that alternates between rounds: nsd (baseline), svc (10.96.0.10, kube-proxy DNAT
# to the two coredns pods), pod (the coredns pod on the client's node, no Service hop).
#
# Everything runs inside namespaces this script creates: lab dnsbench (segment 192.168.130.0/24, nodes n1 .11 and n2
# .12, host-gw, Deployment web with 2 replicas and Services svc1..svcN with a named port "http"), namespaces
# pwdnsbench-cli (10.99.53.1/24, the baseline's client) and pwdnsbench-nsd (10.99.53.2/24, nsd) joined by a veth
# created with its peer directly in the other namespace. A trap ends nsd and any client by PID and removes all of it,
# even on failure or Ctrl-C. Other labs are left alone (every podwire call passes --lab). Progress goes to stderr,
# the tables to stdout.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(dirname "$here")"
helpers="$here/dns"
repeat="${BENCH_REPEAT:-3}"
secs="${BENCH_TIME:-20}"
clients="${BENCH_CLIENTS:-4}"
rate="${BENCH_RATE:-5000}"
services="${BENCH_SERVICES:-20}"
warmup="${BENCH_WARMUP:-5}"
idle_min="${BENCH_IDLE:-85}"
idle_wait="${BENCH_IDLE_WAIT:-120}"
lab=dnsbench
ns_cli=pwdnsbench-cli
ns_nsd=pwdnsbench-nsd
cli_ip=10.99.53.1
nsd_ip=10.99.53.2

[ "$(id -u)" -eq 0 ] || { echo "dns.sh: run as root (sudo bench/dns.sh)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "dns.sh: python3 is needed" >&2; exit 2; }
missing=()
command -v dnsperf >/dev/null || missing+=(dnsperf)
command -v nsd >/dev/null || missing+=(nsd)
command -v dig >/dev/null || missing+=(bind9-dnsutils)
if [ "${#missing[@]}" -gt 0 ]; then
  nsd_was_active=0
  systemctl is-active --quiet nsd 2>/dev/null && nsd_was_active=1
  echo "dns.sh: installing ${missing[*]}: DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2
  if [ "$nsd_was_active" = 0 ] && systemctl is-active --quiet nsd 2>/dev/null; then
    echo "dns.sh: the nsd package started nsd.service in the host's namespace; stopping and disabling it" >&2
    systemctl disable --now nsd >&2
  fi
fi

work="$(mktemp -d /tmp/pwdnsbench.XXXXXX)"
active_lab=""   # lab (possibly) up
base_up=0       # baseline namespaces (possibly) exist
nsd_pid=""      # our nsd (main process, in $ns_nsd)
client_pid=""   # the dnsperf run in progress (podwire exec or ip netns exec)

cd "$repo"
pwbin=""
pw() { "$pwbin" "$@"; }

kill_tree() {  # $1 = PID this script started; ends it and its descendants, each by PID
  local pid="$1" child
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null || true); do kill_tree "$child"; done
  kill "$pid" 2>/dev/null || true
}

stop_nsd() {
  [ -n "$nsd_pid" ] || return 0
  local i
  kill "$nsd_pid" 2>/dev/null || true     # nsd's main process ends its xfrd and servers on SIGTERM
  for i in $(seq 50); do kill -0 "$nsd_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$nsd_pid" 2>/dev/null && kill_tree "$nsd_pid"
  wait "$nsd_pid" 2>/dev/null || true
  nsd_pid=""
}

baseline_down() {
  local ns
  for ns in "$ns_cli" "$ns_nsd"; do [ -e "/run/netns/$ns" ] && ip netns del "$ns" 2>/dev/null || true; done
  base_up=0
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$client_pid" ]; then kill_tree "$client_pid"; wait "$client_pid" 2>/dev/null || true; fi
  stop_nsd
  [ -n "$active_lab" ] && { pw down "$active_lab" >>"$work/down.log" 2>&1 || true; }
  [ "$base_up" = 1 ] && baseline_down
  local left
  left="$(ip netns list | awk '{print $1}' | grep -E "^($ns_cli|$ns_nsd|$lab-.*)$" || true)"
  if [ -n "$left" ]; then echo "dns.sh: WARNING: namespaces left behind:" >&2; echo "$left" >&2; rc=1; fi
  if { [ -n "$pwbin" ] && pw labs || ./podwire labs; } 2>/dev/null | awk 'NR > 1 {print $1}' | grep -qx "$lab"; then
    echo "dns.sh: WARNING: lab $lab left behind" >&2; rc=1
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "dns.sh: kept $work" >&2; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() { echo "dns.sh: $*" >&2; exit 1; }

# snapshot_podwire: podwire from a private copy of its jar (bench/snapshot.sh).
. "$here/snapshot.sh"

idle_pct() {  # % of CPU time idle over one second, from /proc/stat
  local a b
  a=($(head -n 1 /proc/stat)); sleep 1; b=($(head -n 1 /proc/stat))
  awk -v i1="${a[4]}" -v w1="${a[5]}" -v i2="${b[4]}" -v w2="${b[5]}" \
      -v t1="$(IFS=+; echo "$((${a[*]:1}))")" -v t2="$(IFS=+; echo "$((${b[*]:1}))")" \
      'BEGIN {d = t2 - t1; printf "%d", (d > 0 ? 100 * ((i2 + w2) - (i1 + w1)) / d : 100)}'
}

wait_idle() {  # sets IDLE; warns (and goes on) if the machine stays busy
  local start=$SECONDS
  IDLE="$(idle_pct)"
  [ "$idle_min" -gt 0 ] || return 0
  while [ "$IDLE" -lt "$idle_min" ]; do
    if [ $((SECONDS - start)) -ge "$idle_wait" ]; then
      echo "  WARNING: CPUs only ${IDLE}% idle after ${idle_wait} s of waiting; measuring anyway" >&2; return 0
    fi
    sleep 2; IDLE="$(idle_pct)"
  done
}

# --- set-up ---------------------------------------------------------------------------------------------------------

snapshot_podwire
if pw labs 2>/dev/null | awk 'NR > 1 {print $1}' | grep -qx "$lab"; then die "lab $lab exists already; run ./podwire down $lab first"; fi
for ns in "$ns_cli" "$ns_nsd"; do [ -e "/run/netns/$ns" ] && die "namespace $ns exists already; delete it first"; done

python3 "$helpers/gen.py" lab "$work/lab.yaml" "$services"
python3 "$helpers/gen.py" queries "$work/queries.txt" "$services"
echo "dns.sh: ./podwire up $lab (2 nodes host-gw, Deployment web x2, $services Services)" >&2
active_lab="$lab"
pw up "$work/lab.yaml" >"$work/up.log" 2>&1 || { tail -n 20 "$work/up.log" >&2; die "podwire up $lab failed"; }
pw get pods --lab "$lab" -A -o json >"$work/pods.json"
pw get svc --lab "$lab" -o json >"$work/svc.json"
read -r client client_node dns_a dns_a_ip dns_b dns_b_ip <<<"$(python3 - "$work/pods.json" <<'PY'
import json, sys
pods = [p for p in json.load(open(sys.argv[1]))["items"] if p.get("status", {}).get("phase") == "Running"]
def sel(ns, key, value):
    return sorted((p for p in pods if p["metadata"].get("namespace") == ns
                   and p["metadata"].get("labels", {}).get(key) == value), key=lambda p: p["spec"].get("nodeName", ""))
web, dns = sel("default", "app", "web"), sel("kube-system", "k8s-app", "kube-dns")
if len(web) != 2 or len(dns) != 2 or not all(p["status"].get("podIP") for p in dns):
    sys.exit("expected 2 running web pods and 2 running coredns pods with IPs, got %d and %d" % (len(web), len(dns)))
client = web[0]
# coredns pod on the client's node first: the "pod" target, no Service and no node hop
dns.sort(key=lambda p: p["spec"].get("nodeName") != client["spec"].get("nodeName"))
print(client["metadata"]["name"], client["spec"]["nodeName"],
      " ".join("%s %s" % (p["metadata"]["name"], p["status"]["podIP"]) for p in dns))
PY
)" || die "pod check failed for lab $lab (see above)"
[ -n "${dns_b_ip:-}" ] || die "could not read the lab's pods"
daemon_pids="$(pgrep -f -- "dev\.podwire\.daemon\.DaemonMain --lab $lab( |\$)" || true)"
[ "$(wc -w <<<"$daemon_pids")" = 1 ] || die "expected one podwire daemon process for lab $lab, found: '$daemon_pids'"
daemon_pid="$daemon_pids"
echo "  client pod/$client on $client_node; coredns pod/$dns_a ($dns_a_ip, same node), pod/$dns_b ($dns_b_ip);" \
  "lab daemon PID $daemon_pid" >&2
PODX=("$pwbin" exec --lab "$lab" "pod/$client" --)

soa="$("${PODX[@]}" dig +short +time=2 +tries=3 @10.96.0.10 cluster.local SOA)"
mkdir -p "$work/nsd"
python3 "$helpers/gen.py" zone "$work/nsd/cluster.local.zone" "$work/svc.json" "$soa"
python3 "$helpers/gen.py" nsdconf "$work/nsd/nsd.conf" "$work/nsd" "$nsd_ip" "$work/nsd/cluster.local.zone"
nsd-checkzone cluster.local "$work/nsd/cluster.local.zone" >&2 || die "nsd-checkzone refused the generated zone"
nsd-checkconf "$work/nsd/nsd.conf" || die "nsd-checkconf refused the generated config"

echo "dns.sh: baseline $ns_cli v0 $cli_ip <-> $ns_nsd v1 $nsd_ip, nsd $(nsd -v 2>&1 | awk 'NR == 1 {print $3}')" >&2
base_up=1
ip netns add "$ns_cli"
ip netns add "$ns_nsd"
ip -n "$ns_cli" link add name v0 type veth peer name v1 netns "$ns_nsd"
ip -n "$ns_cli" link set lo up
ip -n "$ns_nsd" link set lo up
ip -n "$ns_cli" addr add "$cli_ip/24" dev v0
ip -n "$ns_nsd" addr add "$nsd_ip/24" dev v1
ip -n "$ns_cli" link set v0 up
ip -n "$ns_nsd" link set v1 up
ip netns exec "$ns_nsd" nsd -c "$work/nsd/nsd.conf" -d >"$work/nsd/stdout" 2>&1 &
nsd_pid=$!    # ip netns exec execs nsd: this is nsd's main process
for i in $(seq 100); do
  ip netns exec "$ns_cli" dig +short +time=1 +tries=1 "@$nsd_ip" cluster.local SOA 2>/dev/null | grep -q . && break
  kill -0 "$nsd_pid" 2>/dev/null || { cat "$work/nsd/stdout" "$work/nsd/nsd.log" >&2 2>/dev/null; die "nsd exited"; }
  sleep 0.1
done
CLIX=(ip netns exec "$ns_cli")

echo "dns.sh: checking that NSD answers every benchmark question exactly as podwire does (dig, no EDNS)" >&2
"${CLIX[@]}" python3 "$helpers/digcheck.py" "$nsd_ip" "$work/queries.txt" >"$work/answers-nsd.txt"
"${PODX[@]}" python3 "$helpers/digcheck.py" 10.96.0.10 "$work/queries.txt" >"$work/answers-podwire.txt"
if ! diff -u "$work/answers-podwire.txt" "$work/answers-nsd.txt" >&2; then die "NSD's answers differ from podwire's (above)"; fi
echo "  $(grep -c '^[^ ]' "$work/answers-podwire.txt") questions, identical answers" \
  "($(grep -c ': NOERROR' "$work/answers-podwire.txt") NOERROR, $(grep -c ': NXDOMAIN' "$work/answers-podwire.txt") NXDOMAIN)" >&2

# --- measurement ----------------------------------------------------------------------------------------------------

metrics=(--metrics "$dns_a=http://$dns_a_ip:9153/metrics" --metrics "$dns_b=http://$dns_b_ip:9153/metrics")
run() {  # $1 = target, $2 = out prefix, $3... = extra dnsperf options; runs one dnsperf (in the background so the
         # trap can end it) and waits for it
  local t="$1" out="$2" rc=0
  shift 2
  local perf=(dnsperf -d "$work/queries.txt" -l "$secs" -c "$clients" "$@")
  case "$t" in
    nsd) "${CLIX[@]}" python3 "$helpers/client.py" --out "$out" --tree "$nsd_pid" -- "${perf[@]}" -s "$nsd_ip" & ;;
    svc) "${PODX[@]}" python3 "$helpers/client.py" --out "$out" --self "$daemon_pid" "${metrics[@]}" -- \
           "${perf[@]}" -s 10.96.0.10 & ;;
    pod) "${PODX[@]}" python3 "$helpers/client.py" --out "$out" --self "$daemon_pid" "${metrics[@]}" -- \
           "${perf[@]}" -s "$dns_a_ip" & ;;
  esac
  client_pid=$!
  wait "$client_pid" || rc=$?
  client_pid=""
  [ "$rc" = 0 ] || { tail -n 20 "$out.out" >&2 2>/dev/null; die "dnsperf run $out failed (exit $rc)"; }
}

# podwire's daemon at rest: what its controllers, kube-proxy and probes cost without queries (subtract to compare)
"${CLIX[@]}" python3 "$helpers/client.py" --out "$work/rest" --self "$daemon_pid" -- sleep 10
rest="$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print("%.3f" % (r["server_cpu_s"] / r["wall_s"]))' "$work/rest.json")"
echo "  podwire lab daemon at rest: $rest CPU cores over 10 s" >&2

if [ "$warmup" -gt 0 ]; then
  echo "dns.sh: warm-up, ${warmup} s untimed against each target (lets the JVM compile its hot paths)" >&2
  for t in nsd svc pod; do secs_saved="$secs"; secs="$warmup"; run "$t" "$work/warmup-$t"; secs="$secs_saved"; done
fi

echo "dns.sh: $(nproc) CPUs, kernel $(uname -r), $(dnsperf -h 2>&1 | awk '/^Version/ {print "dnsperf " $2}');" \
  "$repeat rounds of ${secs} s per run, dnsperf -c $clients" >&2
results="$work/results.jsonl"
: >"$results"
for r in $(seq "$repeat"); do
  if [ $((r % 2)) = 1 ]; then order="nsd svc pod"; else order="pod svc nsd"; fi
  for mode in max "rate$rate"; do
    for t in $order; do
      wait_idle
      out="$work/r$r-$mode-$t"
      if [ "$mode" = max ]; then run "$t" "$out"; else run "$t" "$out" -Q "$rate" -v; fi
      python3 "$helpers/stats.py" parse "$out" "$t" "$mode" "$r" "$IDLE" >>"$results"
      python3 - "$results" <<'PY' >&2
import json, sys
r = json.loads(open(sys.argv[1]).read().splitlines()[-1])
print("  round %d %-9s %-3s %8.0f q/s avg %.3f ms%s lost %d, server %s CPU-s, CPUs %d%% idle before%s" % (
    r["round"], r["mode"], r["target"], r["qps"], r["avg_ms"],
    " p50 %.3f p99 %.3f ms," % (r["p50_ms"], r["p99_ms"]) if "p50_ms" in r else ",", r["lost"], r["server_cpu_s"],
    r["idle"], "; per coredns pod: " + ", ".join("%d" % v for _, v in sorted(r["metrics"].items())) if r["metrics"] else ""))
PY
    done
  done
done

# --- tables ---------------------------------------------------------------------------------------------------------

echo "dns.sh on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) CPUs, kernel $(uname -r), dnsperf -c $clients -l $secs" \
  "-d queries.txt ($(wc -l <"$work/queries.txt") lines: 60 % service A, 20 % SRV, 20 % NXDOMAIN), $repeat rounds;" \
  "podwire lab daemon at rest: $rest CPU cores"
python3 "$helpers/stats.py" table "$results"
if [ -n "${BENCH_RESULTS:-}" ]; then cp "$results" "$BENCH_RESULTS"; fi
