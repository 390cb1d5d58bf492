#!/usr/bin/env bash
# Trace benchmark (issue: trace and capture): the time of one complete `podwire trace` across a 3-node lab
# (pod -> ClusterIP, the endpoint on another node) and its overhead on a concurrent wrk load, against baselines
# measured in the same run. See bench/trace.md. Run as root from anywhere: sudo bench/trace.sh
#
# Per backend (host-gw, then vxlan: lab trbench, segment 192.168.130.0/24, nodes n1..n3, pod client on n1, Service
# web with one nginx pod on n2 and one on n3, NodePort 30080, a host `load` on the segment):
#   1. BENCH_TRACES times, interleaved:
#      - curl:      `ip netns exec <client pod> curl http://<ClusterIP>/` (the same path, without any trace)
#      - by hand:   in every namespace of the lab (nodes, pods, fabric), what a person runs to follow the packet:
#                   `iptables-save`, `ip route get <ClusterIP>`, `conntrack -L` (nodes only: pods have no conntrack
#                   of their own to read) -- sequentially, no human thinking time
#      - trace:     `podwire trace --lab trbench pod/client svc/web -o json` (wall clock of the CLI, JVM start
#                   included), and the daemon's own figure for the same trace (`trace ... took=` in daemon.log)
#   2. BENCH_REPEAT times, interleaved: wrk (-t2 -c16 -d BENCH_WRK s) from host/load against node n1's NodePort,
#      alone, while traces run back to back, and (control) while `podwire labs` runs back to back -- a CLI call that
#      starts the same JVM and asks the same daemon but traces nothing; requests/s and ratios to "alone".
# Everything runs in namespaces of lab trbench; a trap takes it down on exit, failure or Ctrl-C, ends the trace loop
# (by PID) and checks that no trbench-* namespace, trace table or monitor is left.
#
# Environment:
#   BENCH_BACKENDS  which backends, in order                    default "host-gw vxlan"
#   BENCH_TRACES    traces (and baseline runs) per backend      default 15
#   BENCH_REPEAT    wrk pairs per backend                       default 3
#   BENCH_WRK       seconds per wrk run                         default 10
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(dirname "$here")"
backends="${BENCH_BACKENDS-host-gw vxlan}"
traces="${BENCH_TRACES:-15}"
repeat="${BENCH_REPEAT:-3}"
wrk_secs="${BENCH_WRK:-10}"
lab=trbench

[ "$(id -u)" -eq 0 ] || { echo "trace.sh: run as root (sudo bench/trace.sh)" >&2; exit 2; }
for t in wrk curl conntrack iptables-save python3; do
  command -v "$t" >/dev/null || { echo "trace.sh: $t is needed (install.sh installs it)" >&2; exit 2; }
done
for b in $backends; do
  case "$b" in host-gw|vxlan) ;; *) echo "trace.sh: unknown backend '$b' (host-gw, vxlan)" >&2; exit 2 ;; esac
done

work="$(mktemp -d /tmp/pwtrace.XXXXXX)"
lab_up=0
loop_pid=""
cd "$repo"
pwbin=""
pw() { "$pwbin" "$@"; }
die() { echo "trace.sh: $*" >&2; exit 1; }

stop_loop() {
  [ -n "$loop_pid" ] || return 0
  kill "$loop_pid" 2>/dev/null || true
  wait "$loop_pid" 2>/dev/null || true
  loop_pid=""
}

leftovers() {  # trace tables and monitors in the lab's namespaces
  local ns pid comm
  for ns in $(ip netns list | awk '{print $1}' | grep "^$lab-" || true); do
    ip netns exec "$ns" nft list tables 2>/dev/null | grep -q podwire-trace && echo "table in $ns"
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
      case "$comm" in xtables-monitor|tcpdump|timeout) echo "$comm $pid in $ns" ;; esac
    done
  done
  return 0
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_loop
  sleep 1   # a trace the loop had started finishes in the daemon and cleans up after itself
  local left
  left="$(leftovers)"
  if [ -n "$left" ]; then echo "trace.sh: WARNING: left by traces: $left" >&2; rc=1; fi
  if [ "$lab_up" = 1 ]; then pw down "$lab" >>"$work/down.log" 2>&1 || true; fi
  left="$(ip netns list | awk '{print $1}' | grep "^$lab-" || true)"
  if [ -n "$left" ]; then echo "trace.sh: WARNING: namespaces left behind: $left" >&2; rc=1; fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# snapshot_podwire: podwire from a private copy of its jar (bench/snapshot.sh).
. "$here/snapshot.sh"

write_lab() {  # $1 = backend, $2 = file
  cat >"$2" <<EOF
apiVersion: podwire.dev/v1alpha1
kind: Lab
metadata: {name: $lab}
spec:
  underlay:
    segments: [{name: lan, subnet: 192.168.130.0/24}]
    hosts: [{name: load, segment: lan, address: 192.168.130.100}]
  nodes:
  - {name: n1, segment: lan, address: 192.168.130.11, interface: ens33}
  - {name: n2, segment: lan, address: 192.168.130.12, interface: ens33}
  - {name: n3, segment: lan, address: 192.168.130.13, interface: ens33}
  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: $1}}
  serviceCIDR: 10.96.0.0/12
  kubeProxy: {mode: iptables, clusterCIDR: 10.244.0.0/16}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  nodeName: n1
  containers: [{name: c, image: busybox, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, labels: {app: web}}
spec:
  nodeName: n2
  containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-3, labels: {app: web}}
spec:
  nodeName: n3
  containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 80, nodePort: 30080}]
EOF
}

ms_since() {  # $1 = start in ns from date +%s%N
  echo $(( ($(date +%s%N) - $1) / 1000000 ))
}

stats() {  # stdin: one number per line -> "median p90 n"
  python3 -c '
import sys, statistics
v = sorted(float(x) for x in sys.stdin if x.strip())
p90 = v[min(len(v) - 1, int(round(0.9 * (len(v) - 1))))]
print(f"{statistics.median(v):.0f} {p90:.0f} {len(v)}")'
}

wrk_rps() {  # $1 = tag; prints requests/s of one wrk run from host/load to n1's NodePort
  local out
  out="$(ip netns exec "$lab-load" wrk -t2 -c16 -d"${wrk_secs}s" http://192.168.130.11:30080/ 2>&1)" \
    || { echo "$out" >&2; die "wrk failed ($1)"; }
  echo "$out" >"$work/wrk-$1.txt"
  echo "$out" | awk '/^Requests\/sec:/ {printf "%.0f", $2}'
}

run_backend() {  # $1 = backend
  local b="$1" file="$work/lab-$1.yaml" cip client_ns nss ns t0 i r alone busy log n_before took
  write_lab "$b" "$file"
  echo "[$b] up" >&2
  pw down "$lab" >/dev/null 2>&1 || true
  lab_up=1
  pw up "$file" >"$work/up-$b.log" 2>&1 || { cat "$work/up-$b.log" >&2; die "up failed"; }
  # The warm-up trace (the daemon's first loads its classes) also names the ClusterIP and the client's namespace.
  pw trace --lab "$lab" pod/client svc/web -o json >"$work/warm.json"
  cip="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["probe"]["target"])' "$work/warm.json")"
  client_ns="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["request"][0]["netns"])' "$work/warm.json")"
  nss="$(ip netns list | awk '{print $1}' | grep "^$lab-" | sort)"
  log="/run/podwire/$lab/daemon.log"
  echo "[$b] ClusterIP $cip, client netns $client_ns, $(echo "$nss" | wc -l) namespaces; $traces traces" >&2
  : >"$work/curl"; : >"$work/hand"; : >"$work/trace"; : >"$work/took"
  for i in $(seq "$traces"); do
    t0=$(date +%s%N)
    ip netns exec "$client_ns" curl -s -m 5 -o /dev/null "http://$cip/" || die "curl to $cip failed"
    ms_since "$t0" >>"$work/curl"
    t0=$(date +%s%N)
    for ns in $nss; do
      ip netns exec "$ns" iptables-save >/dev/null 2>&1 || true
      ip netns exec "$ns" ip route get "$cip" >/dev/null 2>&1 || true
      case "$ns" in "$lab"-n[0-9]) ip netns exec "$ns" conntrack -L >/dev/null 2>&1 || true ;; esac
    done
    ms_since "$t0" >>"$work/hand"
    n_before="$(grep -c 'trace probe=' "$log" 2>/dev/null || true)"
    t0=$(date +%s%N)
    pw trace --lab "$lab" pod/client svc/web -o json >"$work/t.json"
    ms_since "$t0" >>"$work/trace"
    python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["verdict"]["status"]; sys.exit(v != "delivered")' \
      "$work/t.json" || die "trace $i not delivered: $(cat "$work/t.json")"
    took="$(grep 'trace probe=' "$log" | tail -n 1 | sed -n 's/.* took=\([0-9]*\)ms.*/\1/p')"
    [ "$(grep -c 'trace probe=' "$log")" -gt "${n_before:-0}" ] && [ -n "$took" ] && echo "$took" >>"$work/took"
  done
  [ -z "$(leftovers)" ] || die "traces left: $(leftovers)"
  CURL="$(stats <"$work/curl")"; HAND="$(stats <"$work/hand")"; TRACE="$(stats <"$work/trace")"
  TOOK="$( [ -s "$work/took" ] && stats <"$work/took" || echo "- - 0")"
  echo "[$b] curl $CURL | by hand $HAND | trace $TRACE | daemon $TOOK (median p90 n, ms)" >&2

  : >"$work/ratios"; WRK=""
  for r in $(seq "$repeat"); do
    alone="$(wrk_rps "$b-alone-$r")"
    ( while true; do pw trace --lab "$lab" pod/client svc/web >/dev/null 2>&1 || true; done ) &
    loop_pid=$!
    sleep 1
    busy="$(wrk_rps "$b-busy-$r")"
    stop_loop
    sleep 1
    # Control: the same loop of CLI calls that do no trace (each still starts a JVM and asks the daemon).
    ( while true; do pw labs >/dev/null 2>&1 || true; done ) &
    loop_pid=$!
    sleep 1
    cli="$(wrk_rps "$b-cli-$r")"
    stop_loop
    sleep 1
    echo "[$b] wrk $r: alone $alone req/s, with traces $busy req/s, with a CLI loop (podwire labs) $cli req/s" >&2
    WRK="$WRK $alone/$busy/$cli"
    python3 -c "print(f'{$busy / $alone:.3f} {$cli / $alone:.3f}')" >>"$work/ratios"
  done
  RATIO="$(python3 -c '
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
print(f"{statistics.median(float(r[0]) for r in rows):.2f} | {statistics.median(float(r[1]) for r in rows):.2f}")' "$work/ratios")"
  ROWS="$ROWS
| $b | $(echo "$CURL" | awk '{print $1" / "$2}') | $(echo "$HAND" | awk '{print $1" / "$2}') | $(echo "$TRACE" | awk '{print $1" / "$2}') | $(echo "$TOOK" | awk '{print $1" / "$2}') | ${WRK# } | $RATIO |"
  pw down "$lab" >>"$work/down.log" 2>&1 || true
  lab_up=0
  left="$(ip netns list | awk '{print $1}' | grep "^$lab-" || true)"
  [ -z "$left" ] || die "namespaces left after down: $left"
}

snapshot_podwire
ROWS=""
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
for b in $backends; do run_backend "$b"; done
cat <<EOF
Trace benchmark, $started, $(nproc) CPUs, $traces traces per backend, wrk -t2 -c16 -d${wrk_secs}s x $repeat pairs
pod/client (n1) -> svc/web (endpoints on n2 and n3); times in ms as median / p90

| backend | curl (no trace) | by hand: iptables-save + ip route get + conntrack -L in every netns | podwire trace (CLI wall) | trace in the daemon | wrk req/s alone / with traces / with CLI loop | traces: ratio to alone | CLI loop: ratio to alone |
|---|---|---|---|---|---|---|---|$ROWS
EOF
