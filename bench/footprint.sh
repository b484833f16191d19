#!/usr/bin/env bash
# Daemon footprint: idle CPU and RSS of `fulcrum run` on lb1 of a lab of its own, with 10,000
# services (ports 10001-20000 on the public VIP, wrr, one of the lab's 3 real servers each: a config
# file is at most 1 MiB) of which 1,000 carry an HTTP check of their own (distinct paths, default
# 1 s interval: 1,000 checks, no two shared),
# against a baseline measured in the same run: the same daemon with examples/lab.yaml (1 service,
# 3 checks). Each daemon is started, waited for (its API answers `fulcrum status`), left to settle,
# then sampled in WINDOWS windows of SECONDS: CPU = utime+stime from /proc/PID/stat over the window,
# RSS = VmRSS at the window's end. Needs `fulcrum run` (the daemon); without it, says so and exits 3.
# Usage: bench/footprint.sh [WINDOWS] [SECONDS] [SETTLE]   (defaults 5 5 10)
# Prints per daemon a line "footprint-run {json}".
PREFIX=${PREFIX:-fhf-}
source "$(dirname "$0")/ha/lib.sh"
WINDOWS=${1:-5} WINDOW_SECONDS=${2:-5} SETTLE=${3:-10}
# (An unknown command's --help prints the root help and exits 0: look for run's own usage line.)
if ! "$ROOT/fulcrum" run --help 2>/dev/null | grep -q '^  fulcrum run '; then
  echo "footprint: not measured: fulcrum run not available"
  rm -rf "$WORK"
  exit 3
fi
trap cleanup EXIT
"$ROOT/fulcrum" lab up --prefix "$PREFIX" --servers 3 >/dev/null

# The large config: lab.yaml with its services replaced by the generated ones.
python3 - "$ROOT/examples/lab.yaml" "$WORK/large.yaml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
head, rest = text.split("\nservices:\n", 1)
tail = rest[rest.index("\nfirewall:\n"):]
lines = []
for i in range(10_000):  # one line each, one real server (a config file is at most 1 MiB)
    check = f", check: {{http: {{path: /c{i}}}}}" if i < 1_000 else ""
    lines.append(f"  - {{name: s{i}, listen: 203.0.113.100:{10_001 + i}/tcp{check}, servers: [{{address: 192.168.20.{11 + i % 3}:80}}]}}")
open(sys.argv[2], "w").write(head + "\nservices:\n" + "\n".join(lines) + tail)
PY
cp "$ROOT/examples/lab.yaml" "$WORK/small.yaml"
for name in small large; do
  "$ROOT/fulcrum" validate "$WORK/$name.yaml" >"$WORK/validate.txt" || { echo "footprint: the $name config is not valid:" >&2; head -n 5 "$WORK/validate.txt" >&2; exit 1; }
done

measure() { # measure NAME → footprint-run {json}
  local name=$1 pid state="$WORK/state-$1" ticks
  ip netns exec "$LB1" "$ROOT/.build/cli/fulcrum" run "$WORK/$name.yaml" --node lb1 --state-dir "$state" >"$WORK/$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  ready() { "$ROOT/.build/cli/fulcrum" status --socket "$state/lb1/api.sock" --json >/dev/null 2>&1; }
  local started=$SECONDS
  wait_for 300 ready || { echo "footprint: the $name daemon did not answer in 300 s; its log:" >&2; tail -n 20 "$WORK/$name.log" >&2; return 1; }
  local ready_after=$((SECONDS - started))
  sleep "$SETTLE"
  ticks=$(getconf CLK_TCK)
  local cpu=() rss=()
  for _ in $(seq "$WINDOWS"); do
    local before after t0 t1
    before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat"); t0=$(date +%s.%N)
    sleep "$WINDOW_SECONDS"
    after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat"); t1=$(date +%s.%N)
    cpu+=("$(python3 -c "print(round(($after - $before) / $ticks / ($t1 - $t0) * 100, 2))")")
    rss+=("$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")")
  done
  kill -TERM "$pid"; wait_for 20 bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  python3 -c 'import json, sys; print("footprint-run " + json.dumps({"config": sys.argv[1], "ready_after_s": int(sys.argv[2]),
    "cpu_percent": [float(x) for x in sys.argv[3].split()], "rss_mb": [float(x) for x in sys.argv[4].split()]}))' \
    "$name" "$ready_after" "${cpu[*]}" "${rss[*]}"
}

measure small
measure large
