#!/usr/bin/env bash
# Detection through the data plane (issue 4: "after a real server is killed, no new connection
# reaches it later than interval × fall + timeout + 100 ms"), in a lab of its own: `fulcrum run`
# (the daemon: health engine → reconciler → nftables) on lb1 with examples/lab.yaml's service
# checked by TCP every 100 ms, timeout 50 ms, rise 1, fall 1 (bound 250 ms). Each run SIGKILLs
# one real server's nginx while the lab client opens a new connection through the VIP every
# 10 ms, and measures kill → the daemon's first change to the data plane's maps (`nft monitor` in
# lb1: the dead server's slots and weight), and counts the client's SYNs that still reach the dead
# server (tcpdump in its namespace) after that removal and after kill + bound. The nginx is then
# restarted and the next run kills the next server. Needs root, tcpdump and nft.
# Usage: bench/health/detection.sh [RUNS]   (default 5)
# Prints per run a line "detection-run {json}", then a summary with the goal met / NOT met.
PREFIX=${PREFIX:-fhd-}
source "$(dirname "$0")/../ha/lib.sh"
RUNS=${1:-5}
INTERVAL_MS=100 TIMEOUT_MS=50 FALL=1
BOUND_MS=$((INTERVAL_MS * FALL + TIMEOUT_MS + 100))
for tool in tcpdump nft stdbuf; do
  command -v "$tool" >/dev/null || { echo "detection: not measured: $tool is not installed" >&2; rm -rf "$WORK"; exit 3; }
done
trap cleanup EXIT
lab_up

python3 - "$ROOT/examples/lab.yaml" "$WORK/detect.yaml" "$INTERVAL_MS" "$TIMEOUT_MS" "$FALL" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
interval, timeout, fall = sys.argv[3:6]
text, n = re.subn(r"    check:\n(      .*\n)+?(?=    servers:)",
                  f"    check: {{ tcp: {{}}, interval: {interval}ms, timeout: {timeout}ms, rise: 1, fall: {fall} }}\n", text)
assert n == 1, "examples/lab.yaml: the web service's check block was not found"
open(sys.argv[2], "w").write(text.replace("preempt_delay: 5s", "preempt_delay: 0s"))
PY
"$ROOT/fulcrum" validate "$WORK/detect.yaml" >/dev/null

STATE="$WORK/state"
ip netns exec "$LB1" "$ROOT/.build/cli/fulcrum" run "$WORK/detect.yaml" --node lb1 --state-dir "$STATE" >"$WORK/daemon.log" 2>&1 &
PIDS+=("$!")
wait_for 120 holds_vip "$LB1" || { echo "detection: lb1 did not take the VIP; daemon log:" >&2; tail -n 20 "$WORK/daemon.log" >&2; exit 1; }

rc=0
python3 "$ROOT/bench/health/detection_run.py" "$RUNS" "$BOUND_MS" "$PREFIX" "/run/fulcrum-lab/${PREFIX%-}" \
  "$STATE/lb1/api.sock" "$ROOT/.build/cli/fulcrum" "$ROOT/bench/ha/http_probe.py" | tee "$WORK/runs.log" || rc=$?
python3 - "$WORK/runs.log" "$BOUND_MS" "$INTERVAL_MS" "$TIMEOUT_MS" "$FALL" <<'PY'
import json, statistics, sys
runs = [json.loads(l.split(" ", 1)[1]) for l in open(sys.argv[1]) if l.startswith("detection-run ")]
bound, interval, timeout, fall = sys.argv[2:6]
times = [r["kill_to_removal_ms"] for r in runs if r["kill_to_removal_ms"] is not None]
after_removal = sum(r["syns_after_removal"] or 0 for r in runs)
after_bound = sum(r["syns_after_bound"] for r in runs)
met = len(times) == len(runs) > 0 and max(times) <= float(bound) and after_removal == 0 and after_bound == 0
if times:
    print(f"detection (tcp, interval {interval} ms, timeout {timeout} ms, fall {fall}; bound {bound} ms): kill -> element removal "
          f"median {statistics.median(times):.0f} ms, min {min(times):.0f}, max {max(times):.0f} ({len(times)} of {len(runs)} runs removed); "
          f"client SYNs reaching the dead server after its removal: {after_removal}, after kill + {bound} ms: {after_bound}; "
          f"goal (every run removed within {bound} ms, 0 SYNs after) {'met' if met else 'NOT met'}")
else:
    print("detection: no run saw the element removal; goal NOT met")
PY
exit $rc
