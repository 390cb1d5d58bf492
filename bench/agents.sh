#!/usr/bin/env bash
# Distributed-mode benchmark (issue 7): with N agent processes (one per node, `podwire up --datastore etcd`), the time
# from a Service change committed in etcd to every node's kube-proxy rules holding it, against etcd's own put -> watch
# delivery to N watchers (one etcdctl watch in each node namespace) measured in the same run; bring-up time; RSS of
# the agent and runtime processes; then bench/etcd-latency.sh (lease acquisition for 200 simulated nodes). See
# bench/agents.md.
#
# Run as root from anywhere: sudo bench/agents.sh
#
# Environment:
#   BENCH_NODES    nodes (= agent processes)                            default 50
#   BENCH_ROUNDS   Service changes (and as many bare puts), after one warm-up of each   default 20
#   BENCH_GAP      seconds of quiet after each change and each put      default 2 (above kube-proxy's minSyncPeriod 1s)
#   BENCH_BACKEND  host-gw or vxlan                                     default host-gw
#   BENCH_LEASES   1: also run bench/etcd-latency.sh after the lab is down (0: skip)   default 1
#   BENCH_OUT      directory for the lab file, the raw JSON and the logs default: a new /tmp/pwbench-agents.XXXXXX
#
# Clean-up: a trap runs `podwire down` for the lab and ends the probe (by the PID this script started) on exit,
# failure or Ctrl-C; it warns when namespaces of the lab are left.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(dirname "$here")"
nodes="${BENCH_NODES:-50}"
rounds="${BENCH_ROUNDS:-20}"
gap="${BENCH_GAP:-2}"
backend="${BENCH_BACKEND:-host-gw}"
leases="${BENCH_LEASES:-1}"
lab="agents${nodes}"
podwire="$repo/podwire"

[[ $EUID -eq 0 ]] || { echo "error: run as root (network namespaces): sudo $0" >&2; exit 1; }
[[ "$nodes" =~ ^[0-9]+$ && "$nodes" -ge 2 && "$nodes" -le 200 ]] || { echo "error: BENCH_NODES=$nodes: 2..200" >&2; exit 1; }
for tool in ip nft etcd etcdctl python3 stdbuf; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found; run ./install.sh" >&2; exit 1; }
done
if ip netns list | grep -q "^$lab-"; then
  echo "error: namespaces of a lab $lab exist already; run: $podwire down $lab" >&2; exit 1
fi

out="${BENCH_OUT:-$(mktemp -d /tmp/pwbench-agents.XXXXXX)}"
mkdir -p "$out"
probe_pid=""
lab_up=0
cleanup() {
  local rc=$?
  if [[ -n "$probe_pid" ]] && kill -0 "$probe_pid" 2>/dev/null; then
    kill "$probe_pid" 2>/dev/null || true
    wait "$probe_pid" 2>/dev/null || true
  fi
  if [[ $lab_up -eq 1 ]]; then
    echo "tearing down $lab..." >&2
    "$podwire" down "$lab" >&2 || echo "warning: podwire down $lab failed" >&2
  fi
  if ip netns list | grep -q "^$lab-"; then
    echo "warning: namespaces of $lab are left: $(ip netns list | grep -c "^$lab-")" >&2
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Lab file: one segment, N nodes, a /16 pod network, one Deployment of 2 pods and one ClusterIP Service in front of it.
file="$out/$lab.yaml"
{
  echo "apiVersion: podwire.dev/v1alpha1"
  echo "kind: Lab"
  echo "metadata: {name: $lab}"
  echo "spec:"
  echo "  underlay:"
  echo "    segments: [{name: lan, subnet: 192.168.100.0/24}]"
  echo "  nodes:"
  for i in $(seq 1 "$nodes"); do
    echo "  - {name: n$i, segment: lan, address: 192.168.100.$((10 + i)), interface: eth0}"
  done
  echo "  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: $backend}}"
  cat <<'EOF'
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: httpd, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: bench-svc}
spec:
  selector: {app: web}
  ports: [{name: http, port: 8080, targetPort: 80}]
EOF
} >"$file"

echo "building (untimed: ./podwire labs)..." >&2
"$podwire" labs >/dev/null

echo "== machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r), $(etcd --version | head -1)"
echo "== bring-up: $podwire up --datastore etcd $file ($nodes nodes, $backend)"
lab_up=1
start=$(date +%s%N)
"$podwire" up --datastore etcd "$file" >"$out/up.log" 2>&1 || { tail -30 "$out/up.log" >&2; echo "error: up failed" >&2; exit 1; }
end=$(date +%s%N)
echo "wall clock of up: $(( (end - start) / 1000000 )) ms; podwire's own: $(grep -o 'is up in [0-9]* ms' "$out/up.log" | tail -1)"

etcd_ns="$lab-podwire.etcd"
etcd_ip="$(ip -n "$etcd_ns" -o -4 addr show scope global | awk '{split($4, a, "/"); print a[1]; exit}')"
[[ -n "$etcd_ip" ]] || { echo "error: no address in $etcd_ns" >&2; exit 1; }
url="http://$etcd_ip:2379"
echo "etcd at $url (namespace $etcd_ns)"

echo "== memory after up (settled 5 s)"
sleep 5
python3 "$here/agents_probe.py" rss "$lab"
python3 "$here/agents_probe.py" cpu "$lab" 20

echo "== propagation: $rounds Service changes and $rounds bare puts, interleaved, gap $gap s"
node_names=()
for i in $(seq 1 "$nodes"); do node_names+=("n$i"); done
ip netns exec "$etcd_ns" python3 "$here/agents_probe.py" measure "$lab" "$url" \
  /registry/services/specs/default/bench-svc "$rounds" "$gap" "${node_names[@]}" >"$out/propagation.json" &
probe_pid=$!
wait "$probe_pid"
probe_pid=""
python3 "$here/agents_probe.py" report "$out/propagation.json"

echo "== memory after the changes"
python3 "$here/agents_probe.py" rss "$lab"
# What the agents logged for the changes (kube-proxy's own sync times), for interpretation.
cat /run/podwire/"$lab"/*-agent.log 2>/dev/null | grep -o 'kind=partial.*took=[0-9]*ms' | grep -o 'took=[0-9]*' \
  | cut -d= -f2 | sort -n | awk '{a[NR]=$1} END {if (NR) printf "agents partial proxy syncs: n=%d p50=%d ms p99=%d ms (iptables-restore and its planning, from the agent logs)\n", NR, a[int(NR*0.5+0.5)], a[int(NR*0.99+0.5)]}'
cp /run/podwire/"$lab"/n1-agent.log "$out/" 2>/dev/null || true

echo "== tear-down"
"$podwire" down "$lab" >&2
lab_up=0

if [[ "$leases" == 1 ]]; then
  echo "== bench/etcd-latency.sh (its own etcd on 127.0.0.1; lease acquisition for 200 simulated nodes)"
  "$here/etcd-latency.sh"
fi
echo "raw results: $out" >&2
