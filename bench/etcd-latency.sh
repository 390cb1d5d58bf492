#!/usr/bin/env bash
# etcd datastore benchmark (distributed mode): what podwire's EtcdDatastore adds on top of etcd, measured against
# etcd itself through a bare jetcd client in the same run, on the same etcd. See bench/etcd.md.
# Run from anywhere (root not needed): bench/etcd-latency.sh
#
# 1. put -> watch latency, one write at a time (each put waits for its event): bare jetcd put + watch (baseline),
#    EtcdDatastore.put -> listener, and EtcdDatastore.put with a TTL (one etcd lease per write, as flannel does).
# 2. flannel lease acquisition for BENCH_NODES simulated nodes, BENCH_CONCURRENCY at a time: the real agent
#    LeaseManager (etcd subnet manager) on EtcdDatastore, against the bare etcd calls flannel's protocol needs per node
#    (range the leases, grant a 24 h lease, create-if-absent txn); LeaseManager on the in-memory store for reference.
#
# Needs: etcd and etcdctl (Debian etcd-server, etcd-client), Maven and JDK 25 (./install.sh). Builds with
# `mvn -DskipTests package` (classes, test classes, target/lib). Starts one etcd on 127.0.0.1 with free ports and a
# temporary data dir; a trap ends it by PID and deletes the data dir, even on failure or Ctrl-C.
#
# Environment:
#   BENCH_PUTS         puts per latency round and case            default 1000
#   BENCH_ROUNDS       rounds (cases interleaved in each round)    default 3
#   BENCH_NODES        simulated nodes acquiring a lease           default 200
#   BENCH_CONCURRENCY  nodes acquiring at the same time            default 16
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(dirname "$here")"
puts="${BENCH_PUTS:-1000}"
rounds="${BENCH_ROUNDS:-3}"
nodes="${BENCH_NODES:-200}"
concurrency="${BENCH_CONCURRENCY:-16}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

for tool in etcd etcdctl mvn python3; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found; run ./install.sh" >&2; exit 1; }
done

work="$(mktemp -d /tmp/pwbench-etcd.XXXXXX)"
etcd_pid=""
cleanup() {
  if [[ -n "$etcd_pid" ]] && kill -0 "$etcd_pid" 2>/dev/null; then
    kill "$etcd_pid"
    for _ in $(seq 50); do kill -0 "$etcd_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$etcd_pid" 2>/dev/null && kill -9 "$etcd_pid"
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "building (mvn -DskipTests package)..." >&2
(cd "$repo" && mvn -q -B -ntp -DskipTests package >"$work/build.log" 2>&1) || { cat "$work/build.log" >&2; exit 1; }

read -r cport pport < <(python3 -c '
import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
url="http://127.0.0.1:$cport"
etcd --name pwbench --data-dir "$work/data" \
  --listen-client-urls "$url" --advertise-client-urls "$url" \
  --listen-peer-urls "http://127.0.0.1:$pport" --initial-advertise-peer-urls "http://127.0.0.1:$pport" \
  --initial-cluster "pwbench=http://127.0.0.1:$pport" --initial-cluster-state new \
  --logger zap --log-outputs stderr >"$work/etcd.log" 2>&1 &
etcd_pid=$!
for _ in $(seq 100); do
  etcdctl --endpoints="$url" --dial-timeout=1s endpoint health >/dev/null 2>&1 && break
  kill -0 "$etcd_pid" 2>/dev/null || { tail "$work/etcd.log" >&2; echo "error: etcd exited" >&2; exit 1; }
  sleep 0.1
done
echo "etcd $(etcd --version | head -1 | awk '{print $3}') pid $etcd_pid at $url" >&2

cp="$repo/target/classes:$repo/target/test-classes:$repo/target/lib/*"
java=("$JAVA_HOME/bin/java" -Djava.util.logging.config.file=/dev/null -cp "$cp")
echo "== put -> watch latency ($puts puts x $rounds rounds per case)"
"${java[@]}" dev.podwire.datastore.etcd.EtcdLatencyBench "$url" "$puts" "$rounds"
echo "== flannel lease acquisition"
"${java[@]}" dev.podwire.agent.EtcdLeaseBench "$url" "$nodes" "$concurrency" "$rounds"
