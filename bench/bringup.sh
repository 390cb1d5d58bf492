#!/usr/bin/env bash
# Bring-up benchmark (issue 2): wall-clock time of `podwire up` (returns when traffic flows) against a baseline
# measured in the same run: the same namespaces, links, addresses and routes from pre-rendered `ip -batch` files.
# See bench/README.md. Run as root from anywhere: sudo bench/bringup.sh
#
# Environment:
#   BENCH_SIZES    "NODES:PODS ..."        default "3:30 20:300"
#   BENCH_REPEAT   repetitions per size    default 3
#   BENCH_PROBE    baseline traffic proof: sweep (one process per source pod, default) or ping (one
#                  `ip netns exec ... ping -c1 -W1` per pod)
#   BENCH_PODWIRE  0 = baseline only (podwire column "pending")   default 1
#   BENCH_SETTLE   seconds to wait after each tear-down (the kernel frees namespaces asynchronously)  default 3
#   BENCH_LOGS     directory to keep every run's `podwire up` output and daemon log in (default: not kept)
#   BENCH_IDLE     before each timed run, wait (up to BENCH_IDLE_WAIT s, default 120) until the CPUs were at least
#                  this % idle over one second; 0 = do not wait                                  default 85
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(dirname "$here")"
sizes="${BENCH_SIZES:-3:30 20:300}"
repeat="${BENCH_REPEAT:-3}"
probe="${BENCH_PROBE:-sweep}"
with_podwire="${BENCH_PODWIRE:-1}"
settle="${BENCH_SETTLE:-3}"
logs="${BENCH_LOGS:-}"
idle_min="${BENCH_IDLE:-85}"
idle_wait="${BENCH_IDLE_WAIT:-120}"

[ "$(id -u)" -eq 0 ] || { echo "bringup.sh: run as root (sudo bench/bringup.sh)" >&2; exit 2; }
case "$probe" in sweep|ping) ;; *) echo "bringup.sh: BENCH_PROBE must be sweep or ping" >&2; exit 2 ;; esac

work="$(mktemp -d /tmp/pwbench.XXXXXX)"
active_ns=""      # namespaces.txt of the baseline currently (possibly) up
active_lab=""     # podwire lab currently (possibly) up

ns_exists() { [ -e "/run/netns/$1" ]; }

baseline_down() {  # $1 = namespaces.txt; deletes only the namespaces listed there that exist
  local list="$1" del="$work/del.batch" ns
  : >"$del"
  while read -r ns; do
    [ -n "$ns" ] && ns_exists "$ns" && echo "netns del $ns" >>"$del"
  done <"$list"
  [ -s "$del" ] && ip -force -batch "$del" >/dev/null 2>&1 || true
}

podwire_down() {  # $1 = lab name
  (cd "$repo" && ./podwire down "$1") >>"$work/podwire-down.log" 2>&1 || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$active_ns" ] && baseline_down "$active_ns"
  [ -n "$active_lab" ] && podwire_down "$active_lab"
  local left
  left="$(ip netns list | awk '{print $1}' | grep -E '^pwbench-|^bench[0-9]+-' || true)"
  if [ -n "$left" ]; then
    echo "bringup.sh: WARNING: namespaces left behind:" >&2
    echo "$left" >&2
    rc=1
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Percent idle of all CPUs over one second (from /proc/stat).
idle_pct() {
  local a b
  a=($(head -n 1 /proc/stat)); sleep 1; b=($(head -n 1 /proc/stat))
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  echo $(( total > 0 ? 100 * (b[4] - a[4] + b[5] - a[5]) / total : 100 ))
}

# Waits until the machine is quiet (other work skews the figures); sets IDLE to the last reading.
wait_idle() {
  local deadline=$((SECONDS + idle_wait))
  IDLE="$(idle_pct)"
  while [ "$idle_min" -gt 0 ] && [ "$IDLE" -lt "$idle_min" ] && [ "$SECONDS" -lt "$deadline" ]; do
    IDLE="$(idle_pct)"
  done
  [ "$IDLE" -ge "$idle_min" ] || echo "bringup.sh: machine still busy (${IDLE}% idle); measuring anyway" >&2
}

now() { echo "${EPOCHREALTIME/[.,]/}"; }   # microseconds

# stats "t1 t2 ..." (seconds) -> "median min"
stats() { python3 -c 'import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):.2f} {min(v):.2f}")' "$@"; }

secs() { python3 -c "import sys; print(f'{(int(sys.argv[2]) - int(sys.argv[1])) / 1e6:.3f}')" "$1" "$2"; }

# The timed runs set T (seconds) and run in this shell (not in $(...)), so the traps see active_lab/active_ns.
run_podwire() {  # $1 lab, $2 file, $3 log; returns 1 on failure
  local lab="$1" file="$2" log="$3" t0 t1
  # Untimed: make sure the launcher will not rebuild the jar inside the timed call.
  (cd "$repo" && ./podwire labs) >/dev/null 2>&1 || true
  active_lab="$lab"
  t0="$(now)"
  if ! (cd "$repo" && ./podwire up "$file") >"$log" 2>&1; then
    keep_logs "$lab" "$log"
    podwire_down "$lab"; active_lab=""
    return 1
  fi
  t1="$(now)"
  keep_logs "$lab" "$log"
  podwire_down "$lab"; active_lab=""
  if ip netns list | awk '{print $1}' | grep -q "^$lab-"; then
    echo "bringup.sh: podwire down $lab left namespaces behind" >&2
    return 1
  fi
  T="$(secs "$t0" "$t1")"
  if grep -q '^podwire: building' "$log"; then
    echo "bringup.sh: the sources changed and the launcher rebuilt podwire inside the timed call" >&2
    return 2
  fi
  # podwire's own figure (daemon start to traffic proven), for the table's last column.
  SELF="$(sed -n 's/.* is up in \([0-9]*\) ms.*/\1/p' "$log" | tail -n 1)"
  SELF="$(python3 -c "import sys; print(f'{int(sys.argv[1]) / 1000:.3f}' if sys.argv[1] else 'nan')" "${SELF:-}")"
}

keep_logs() {  # $1 lab, $2 up's output: copies both it and the daemon's log to $BENCH_LOGS
  [ -n "$logs" ] || return 0
  mkdir -p "$logs"
  local stamp; stamp="$(date +%H%M%S)"
  cp "$2" "$logs/$1-$stamp-up.log"
  [ -f "/run/podwire/$1/daemon.log" ] && cp "/run/podwire/$1/daemon.log" "$logs/$1-$stamp-daemon.log" || true
}

run_baseline() {  # $1 dir; returns 1 on failure
  local dir="$1" t0 t1
  active_ns="$dir/namespaces.txt"
  t0="$(now)"
  if ! bash "$dir/run.sh" >"$dir/run.log" 2>&1; then
    baseline_down "$active_ns"; active_ns=""
    return 1
  fi
  t1="$(now)"
  baseline_down "$active_ns"; active_ns=""
  T="$(secs "$t0" "$t1")"
}

rows=()
for size in $sizes; do
  nodes="${size%%:*}"; pods="${size##*:}"
  lab="bench$nodes"; prefix="pwbench-s$nodes"
  dir="$work/$lab"; mkdir -p "$dir/baseline"
  python3 "$here/render.py" lab "$lab" "$nodes" "$pods" "$dir/$lab.yaml"
  python3 "$here/render.py" baseline "$dir/baseline" "$prefix" "$nodes" "$pods" "$probe"
  # Refuse to run over something already there (never delete what this run did not create).
  for ns in $(cat "$dir/baseline/namespaces.txt"); do
    ns_exists "$ns" && { echo "bringup.sh: namespace $ns exists already; remove it first" >&2; exit 1; }
  done
  if ip netns list | awk '{print $1}' | grep -q "^$lab-"; then
    echo "bringup.sh: lab $lab seems up; run ./podwire down $lab first" >&2; exit 1
  fi

  pw=(); bl=(); self=(); pw_state="ok"
  [ "$with_podwire" = 1 ] || pw_state="pending"
  for r in $(seq 1 "$repeat"); do
    # Interleaved, so slow drift of the machine affects both sides alike.
    if [ "$pw_state" = ok ]; then
      wait_idle
      echo "$nodes nodes/$pods pods  run $r  podwire  starting (${IDLE}% idle)" >&2
      for attempt in 1 2 3; do
        rc=0; run_podwire "$lab" "$dir/$lab.yaml" "$dir/podwire-$r.log" || rc=$?
        [ "$rc" -eq 2 ] || break
        sleep "$settle"; wait_idle   # a rebuild inside the timed call: not a bring-up figure, run again
      done
      if [ "$rc" -eq 0 ]; then
        grep -E '^✓ (underlay|control|pods|traffic)' "$dir/podwire-$r.log" | sed 's/^/      /' >&2 || true
        pw+=("$T"); self+=("$SELF"); echo "$nodes nodes/$pods pods  run $r  podwire  ${T}s (its own \"up in\": ${SELF}s)" >&2
      else
        pw_state="failed"
        echo "$nodes nodes/$pods pods  run $r  podwire  FAILED; last lines of its output:" >&2
        tail -n 15 "$dir/podwire-$r.log" >&2 || true
      fi
      sleep "$settle"
    fi
    wait_idle
    echo "$nodes nodes/$pods pods  run $r  baseline starting (${IDLE}% idle)" >&2
    if run_baseline "$dir/baseline"; then
      bl+=("$T"); echo "$nodes nodes/$pods pods  run $r  baseline ${T}s" >&2
    else
      echo "$nodes nodes/$pods pods  run $r  baseline FAILED:" >&2
      tail -n 15 "$dir/baseline/run.log" >&2
      exit 1
    fi
    sleep "$settle"
  done

  read -r bmed bmin <<<"$(stats "${bl[@]}")"
  if [ "$pw_state" = ok ]; then
    read -r pmed pmin <<<"$(stats "${pw[@]}")"
    ratio="$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.1f}×')" "$pmed" "$bmed")"
    read -r smed _ <<<"$(stats "${self[@]}")"
    rows+=("| $nodes nodes / $pods pods | $pmed s / $pmin s | $bmed s / $bmin s | $ratio | $smed s |")
  else
    rows+=("| $nodes nodes / $pods pods | $pw_state | $bmed s / $bmin s | $pw_state | $pw_state |")
  fi
done

echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (nproc $(nproc))"
echo "Bring-up to \"traffic flows\", $repeat runs each (baseline probe: $probe)"
echo
echo "| size | podwire median / min | baseline median / min | ratio (median) | podwire's own \"up in\" (median) |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
