#!/usr/bin/env bash
# Throughput and latency benchmark (issue 5): iperf3 TCP throughput and ping latency pod-to-pod across two nodes for
# flannel host-gw, vxlan and vxlan with DirectRouting, against a baseline measured in the same run: two namespaces
# joined by a bare veth pair. See bench/throughput.md. Run as root from anywhere: sudo bench/throughput.sh
#
# Needs: root, ip (iproute2), ping, python3 (standard library only), iperf3. If iperf3 is missing this script
# installs it with `DEBIAN_FRONTEND=noninteractive apt-get install -y iperf3` (and says so on stderr); Debian's
# package then does not start an iperf3 daemon. podwire itself runs from a copy of target/podwire.jar and target/lib
# taken at the start (after ./podwire has built it if needed), so that a rebuild of the working tree during the run
# cannot pull the jar from under the lab daemons.
#
# Environment:
#   BENCH_REPEAT   runs per lab (the table shows the median)               default 3
#   BENCH_TIME     seconds per iperf3 run (iperf3 -t)                      default 5
#   BENCH_PINGS    echo requests per ping run (ping -c, 10 ms apart)       default 50
#   BENCH_LABS     which labs, in order ("" = baseline only)               default "hostgw vxlan vxdr"
#
# The baseline stays up for the whole run and is measured once before every lab run, so that each lab is compared
# with the baseline runs taken alongside it (drift and other load on the machine hit both alike); its row shows the
# median of all baseline runs.
#   BENCH_IDLE     before each run, wait (up to BENCH_IDLE_WAIT s, default 120) until the CPUs were at least this %
#                  idle over one second (other work on the machine skews both figures); 0 = do not wait  default 85
#
# Everything runs inside namespaces this script creates: labs tphostgw, tpvxlan, tpvxdr (segment 192.168.120.0/24,
# nodes n1 .11 and n2 .12, Deployment srv with 2 replicas, one pod per node) and namespaces pwtp-base-a/pwtp-base-b
# (veth v0 10.99.0.1/24 <-> v1 10.99.0.2/24). A trap removes all of them, even on failure or Ctrl-C. Other labs on
# the machine are left alone (every podwire call passes --lab). Progress goes to stderr, the table to stdout.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(dirname "$here")"
repeat="${BENCH_REPEAT:-3}"
secs="${BENCH_TIME:-5}"
pings="${BENCH_PINGS:-50}"
labs="${BENCH_LABS-hostgw vxlan vxdr}"
idle_min="${BENCH_IDLE:-85}"
idle_wait="${BENCH_IDLE_WAIT:-120}"
port=5201
base_a=pwtp-base-a
base_b=pwtp-base-b

[ "$(id -u)" -eq 0 ] || { echo "throughput.sh: run as root (sudo bench/throughput.sh)" >&2; exit 2; }
for s in $labs; do
  case "$s" in hostgw|vxlan|vxdr) ;; *) echo "throughput.sh: unknown lab '$s' in BENCH_LABS (hostgw, vxlan, vxdr)" >&2; exit 2 ;; esac
done
command -v python3 >/dev/null || { echo "throughput.sh: python3 is needed" >&2; exit 2; }
if ! command -v iperf3 >/dev/null; then
  echo "throughput.sh: iperf3 is missing; installing it: DEBIAN_FRONTEND=noninteractive apt-get install -y iperf3" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y iperf3 >&2
fi

work="$(mktemp -d /tmp/pwtp.XXXXXX)"
active_lab=""     # lab currently (possibly) up
base_up=0         # baseline namespaces (possibly) exist
server_pid=""     # background iperf3 server (podwire exec or ip netns exec) currently (possibly) alive

cd "$repo"
# podwire runs from a private copy of its jar (see snapshot_podwire): $pwbin is a launcher that execs java, so $! of
# a background one is podwire's own PID.
pwbin=""
pw() { "$pwbin" "$@"; }

kill_tree() {  # $1 = PID this script started; ends it and its descendants, each by PID
  local pid="$1" child
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null || true); do kill_tree "$child"; done
  kill "$pid" 2>/dev/null || true
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  local i
  for i in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done  # iperf3 -s -1 exits by itself
  if kill -0 "$server_pid" 2>/dev/null; then kill_tree "$server_pid"; fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

lab_down() {  # $1 = lab name
  pw down "$1" >>"$work/down.log" 2>&1 || true
}

baseline_down() {
  local ns
  for ns in "$base_a" "$base_b"; do [ -e "/run/netns/$ns" ] && ip netns del "$ns" 2>/dev/null || true; done
  base_up=0
}

mine_re='^(pwtp-base-[ab]|tphostgw-.*|tpvxlan-.*|tpvxdr-.*)$'

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_server
  [ -n "$active_lab" ] && lab_down "$active_lab"
  [ "$base_up" = 1 ] && baseline_down
  local left labs
  left="$(ip netns list | awk '{print $1}' | grep -E "$mine_re" || true)"
  if [ -n "$left" ]; then
    echo "throughput.sh: WARNING: namespaces left behind:" >&2; echo "$left" >&2; rc=1
  fi
  labs="$({ [ -n "$pwbin" ] && pw labs || ./podwire labs; } 2>/dev/null | awk 'NR > 1 {print $1}' | grep -E '^(tphostgw|tpvxlan|tpvxdr)$' || true)"
  if [ -n "$labs" ]; then
    echo "throughput.sh: WARNING: labs left behind: $labs" >&2; rc=1
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() { echo "throughput.sh: $*" >&2; exit 1; }

# --- lab files ------------------------------------------------------------------------------------------------------

lab_name() { case "$1" in hostgw) echo tphostgw ;; vxlan) echo tpvxlan ;; vxdr) echo tpvxdr ;; esac; }
backend() {
  case "$1" in
    hostgw) echo '{Type: host-gw}' ;;
    vxlan) echo '{Type: vxlan}' ;;
    vxdr) echo '{Type: vxlan, DirectRouting: true}' ;;
  esac
}
label() {
  case "$1" in
    baseline) echo "baseline: bare veth pair" ;;
    hostgw) echo "host-gw" ;;
    vxlan) echo "vxlan" ;;
    vxdr) echo "vxlan + DirectRouting" ;;
  esac
}

write_lab() {  # $1 = setup, $2 = file
  cat >"$2" <<EOF
apiVersion: podwire.dev/v1alpha1
kind: Lab
metadata: {name: $(lab_name "$1")}
spec:
  underlay:
    segments: [{name: lan, subnet: 192.168.120.0/24, gateway: 192.168.120.1}]
  nodes:
  - {name: n1, segment: lan, address: 192.168.120.11, interface: eth0}
  - {name: n2, segment: lan, address: 192.168.120.12, interface: eth0}
  podNetwork: {Network: 10.244.0.0/16, Backend: $(backend "$1")}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: srv}
spec:
  replicas: 2
  selector: {matchLabels: {app: srv}}
  template:
    metadata: {labels: {app: srv}}
    spec:
      containers: [{name: srv, image: httpd, ports: [{containerPort: 80}]}]
EOF
}

# --- measurement ----------------------------------------------------------------------------------------------------
# SRV and CLI hold the command prefix that runs a program in the server's and the client's namespace.

start_server() {  # $1 = log file; starts `iperf3 -s -1` in the server namespace and waits until it listens
  local log="$1" i
  "${SRV[@]}" iperf3 -s -1 -p "$port" --forceflush >"$log" 2>&1 &
  server_pid=$!
  for i in $(seq 150); do
    grep -q "Server listening" "$log" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; die "iperf3 server exited before listening"; }
    sleep 0.1
  done
  cat "$log" >&2; die "iperf3 server not listening after 15 s"
}

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

measure_once() {  # $1 = server IP, $2 = run tag; sets GB (Gbit/s) and US (ping avg, µs)
  local ip="$1" tag="$2" gbits us
  wait_idle
  start_server "$work/$tag-server.log"
  "${CLI[@]}" iperf3 -c "$ip" -p "$port" -t "$secs" -J >"$work/$tag-client.json" 2>"$work/$tag-client.err" \
    || { cat "$work/$tag-client.err" >&2; head -c 2000 "$work/$tag-client.json" >&2; die "iperf3 client failed ($tag)"; }
  stop_server
  gbits="$(python3 - "$work/$tag-client.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
if "error" in d:
    sys.exit("iperf3: " + d["error"])
print("%.3f" % (d["end"]["sum_received"]["bits_per_second"] / 1e9))
PY
)" || die "cannot read iperf3's result ($tag)"
  "${CLI[@]}" ping -c "$pings" -i 0.01 -q "$ip" >"$work/$tag-ping.txt" 2>&1 \
    || { cat "$work/$tag-ping.txt" >&2; die "ping failed ($tag)"; }
  us="$(awk -F'[/ ]+' '/^(rtt|round-trip)/ {for (i = 1; i <= NF; i++) if ($i == "=") {printf "%.1f", $(i + 2) * 1000}}' \
    "$work/$tag-ping.txt")"
  [ -n "$us" ] || { cat "$work/$tag-ping.txt" >&2; die "cannot read ping's rtt ($tag)"; }
  GB="$gbits"; US="$us"
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# Per setup (baseline, hostgw, ...), space-separated lists of the runs' figures; PG/PP[lab] are the baseline runs
# taken alternately with that lab's runs.
declare -A G P I PG PP MTU ROUTE SRVS CLIS IPS

runs=0
measure() {  # $1 = setup, $2 = what to call the run; measures once and appends to G, P, I
  local s="$1"
  runs=$((runs + 1))
  eval "SRV=(${SRVS[$s]}); CLI=(${CLIS[$s]})"
  measure_once "${IPS[$s]}" "$runs-$s"   # not in $(...): the trap must see server_pid
  G[$s]+="$GB "; P[$s]+="$US "; I[$s]+="$IDLE "
  echo "  $(label "$s")  $2: $GB Gbit/s, ping avg $US µs (CPUs ${IDLE}% idle before)" >&2
}

baseline_up() {
  [ -e "/run/netns/$base_a" ] || [ -e "/run/netns/$base_b" ] && die "namespace $base_a or $base_b exists already; delete it first"
  base_up=1
  ip netns add "$base_a"
  ip netns add "$base_b"
  ip -n "$base_a" link add name v0 type veth peer name v1 netns "$base_b"
  ip -n "$base_a" link set lo up
  ip -n "$base_b" link set lo up
  ip -n "$base_a" addr add 10.99.0.1/24 dev v0
  ip -n "$base_b" addr add 10.99.0.2/24 dev v1
  ip -n "$base_a" link set v0 up
  ip -n "$base_b" link set v1 up
  SRVS[baseline]="$(printf '%q ' ip netns exec "$base_b")"; CLIS[baseline]="$(printf '%q ' ip netns exec "$base_a")"
  IPS[baseline]=10.99.0.2
  MTU[baseline]="$(ip netns exec "$base_a" cat /sys/class/net/v0/mtu)"
  ROUTE[baseline]="$(ip -n "$base_a" -o route get 10.99.0.2 | sed 's/ uid .*//')"
  echo "baseline: $base_a v0 10.99.0.1 <-> $base_b v1 10.99.0.2, mtu ${MTU[baseline]}" >&2
}

lab_up() {  # $1 = setup; brings the lab up, checks one srv pod per node and fills SRVS, CLIS, IPS, MTU, ROUTE
  local s="$1" lab file pods client server server_ip
  lab="$(lab_name "$s")"; file="$work/$lab.yaml"
  write_lab "$s" "$file"
  if pw labs 2>/dev/null | awk 'NR > 1 {print $1}' | grep -qx "$lab"; then
    die "lab $lab exists already; run ./podwire down $lab first"
  fi
  echo "$(label "$s"): ./podwire up $lab" >&2
  active_lab="$lab"
  pw up "$file" >"$work/$lab-up.log" 2>&1 || { tail -n 20 "$work/$lab-up.log" >&2; die "podwire up $lab failed"; }
  pw get pods --lab "$lab" -o json >"$work/$lab-pods.json"
  pods="$(python3 - "$work/$lab-pods.json" <<'PY'
import json, sys
items = [p for p in json.load(open(sys.argv[1]))["items"]
         if p["metadata"].get("labels", {}).get("app") == "srv" and p.get("status", {}).get("phase") == "Running"]
by_node = {}
for p in items:
    by_node.setdefault(p["spec"].get("nodeName", ""), []).append((p["metadata"]["name"], p["status"].get("podIP", "")))
if sorted(by_node) != ["n1", "n2"] or any(len(v) != 1 or not v[0][1] for v in by_node.values()):
    sys.exit("expected one running srv pod with an IP on each of n1 and n2, got: %s" % json.dumps(by_node, sort_keys=True))
print(by_node["n1"][0][0], by_node["n2"][0][0], by_node["n2"][0][1])
PY
)" || die "pod placement check failed for lab $lab (see above)"
  read -r client server server_ip <<<"$pods"
  SRVS[$s]="$(printf '%q ' "$pwbin" exec --lab "$lab" "pod/$server" --)"
  CLIS[$s]="$(printf '%q ' "$pwbin" exec --lab "$lab" "pod/$client" --)"
  IPS[$s]="$server_ip"
  MTU[$s]="$(pw exec --lab "$lab" "pod/$client" -- cat /sys/class/net/eth0/mtu)"
  ROUTE[$s]="$(pw exec --lab "$lab" node/n1 -- ip -o route get "$server_ip" | sed 's/ uid .*//')"
  echo "  client pod/$client on n1 -> server pod/$server ($server_ip) on n2; pod mtu ${MTU[$s]}; n1: ${ROUTE[$s]}" >&2
}

lab_finish() {  # $1 = setup
  local lab left
  lab="$(lab_name "$1")"
  pw down "$lab" >>"$work/down.log" 2>&1 || die "podwire down $lab failed"
  active_lab=""
  left="$(ip netns list | awk '{print $1}' | grep -E "^$lab-" || true)"
  [ -z "$left" ] || die "podwire down $lab left namespaces behind: $left"
}

# snapshot_podwire: podwire from a private copy of its jar (bench/snapshot.sh).
. "$here/snapshot.sh"
snapshot_podwire

echo "throughput.sh: $(nproc) CPUs, kernel $(uname -r), $(iperf3 --version | head -n 1); $repeat runs of ${secs} s" \
  "iperf3 and $pings pings per lab, each after a baseline run" >&2
baseline_up
if [ -z "$labs" ]; then
  for r in $(seq "$repeat"); do measure baseline "run $r/$repeat"; done
fi
for s in $labs; do
  lab_up "$s"
  for r in $(seq "$repeat"); do
    measure baseline "run $r/$repeat before $(label "$s")"
    PG[$s]+="$GB "; PP[$s]+="$US "
    measure "$s" "run $r/$repeat"
  done
  lab_finish "$s"
done
baseline_down

# --- table ----------------------------------------------------------------------------------------------------------

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }
med() { printf '%.2f' "$(median $1)"; }    # $1 = space-separated list of Gbit/s
medp() { printf '%.0f' "$(median $1)"; }   # $1 = space-separated list of µs
echo
echo "| setup | throughput Gbit/s (median) | vs baseline | ping avg µs (median) | vs baseline | pod MTU |" \
  "baseline alongside (Gbit/s; µs) | runs (Gbit/s; µs; CPU % idle before) |"
echo "|---|---:|---:|---:|---:|---:|---|---|"
for s in baseline $labs; do
  if [ "$s" = baseline ]; then
    vs="1.00×"; vp="1.00×"; along="(all $(wc -w <<<"${G[baseline]}") runs)"
  else
    vs="$(ratio "$(med "${G[$s]}")" "$(med "${PG[$s]}")")×"; vp="$(ratio "$(medp "${P[$s]}")" "$(medp "${PP[$s]}")")×"
    along="$(med "${PG[$s]}"); $(medp "${PP[$s]}")"
  fi
  echo "| $(label "$s") | $(med "${G[$s]}") | $vs | $(medp "${P[$s]}") | $vp | ${MTU[$s]} | $along |" \
    "${G[$s]% }; ${P[$s]% }; $(tr ' ' / <<<"${I[$s]% }") |"
done
echo
for s in baseline $labs; do echo "- $(label "$s"): \`${ROUTE[$s]}\`"; done
if [ -n "${G[hostgw]:-}" ] && [ -n "${G[vxlan]:-}" ]; then
  echo
  echo "host-gw vs vxlan: throughput $(ratio "$(med "${G[hostgw]}")" "$(med "${G[vxlan]}")")× (host-gw / vxlan medians;" \
    "$(ratio "$(ratio "$(med "${G[hostgw]}")" "$(med "${PG[hostgw]}")")" "$(ratio "$(med "${G[vxlan]}")" "$(med "${PG[vxlan]}")")")×" \
    "as ratios to their baselines), ping avg $(ratio "$(medp "${P[vxlan]}")" "$(medp "${P[hostgw]}")")× (vxlan / host-gw)"
fi
