#!/usr/bin/env bash
# Advert timing, Fulcrum vs keepalived 2.2.7 at the same settings (VRRPv3, 100 ms), in the same
# run, under load on the master's node (lb1). Adverts are captured on the backup's side of the wire
# with tshark for DURATION seconds; jitter is |interval - 100 ms| per consecutive pair.
# LOAD=apply (default; issue 5: "while a 10,000-service apply runs"): for the whole capture,
#   `fulcrum apply` in lb1 alternates a 10,000-service config (one real server each, one transaction)
#   and the lab's own 1-service config, back to back — every second or so 10,000 services come or go;
# LOAD=cpu: two CPU burners (busy loops) instead.
# Prints per implementation "IMPL jitter ms: n=.. median=.. p99=.. max=.." and "jitter-applies N" (applies
# during the captures). Goal: Fulcrum's p99 <= 10 ms.
# Usage: [LOAD=apply|cpu] bench/ha/jitter.sh [DURATION] [RUNS]   (defaults 10 s, 5 runs)
source "$(dirname "$0")/lib.sh"
DURATION=${1:-10}
RUNS=${2:-5}
trap cleanup EXIT
command -v keepalived >/dev/null || apt-get install -y -qq keepalived >/dev/null
command -v tshark >/dev/null || apt-get install -y -qq tshark >/dev/null
"$ROOT/fulcrum" --help >/dev/null
lab_up
config 3 100ms false

LOAD=${LOAD:-apply}
case $LOAD in
  cpu) for _ in 1 2; do sh -c 'while :; do :; done' & PIDS+=($!); done ;;
  apply)
    # lab.yaml with its services replaced by 10,000 (ports 10001-20000 on the VIP, no checks).
    python3 - "$WORK/lab.yaml" "$WORK/large.yaml" <<'PY'
import sys
text = open(sys.argv[1]).read()
head, rest = text.split("\nservices:\n", 1)
tail = rest[rest.index("\nfirewall:\n"):]
lines = [f"  - {{name: s{i}, listen: 203.0.113.100:{10_001 + i}/tcp, servers: [{{address: 192.168.20.{11 + i % 3}:80}}]}}"
         for i in range(10_000)]  # one real server each: a config file is at most 1 MiB
open(sys.argv[2], "w").write(head + "\nservices:\n" + "\n".join(lines) + tail)
PY
    "$ROOT/fulcrum" validate "$WORK/large.yaml" >/dev/null || { echo "jitter: the 10,000-service config is not valid" >&2; exit 1; } ;;
  *) echo "jitter: LOAD must be apply or cpu" >&2; exit 2 ;;
esac

# apply_loop → applies large and small on lb1 back to back until killed; counts them in $WORK/applies
# (SIGTERM stops the apply in progress too, by its pid: no apply outlives the loop.)
apply_loop() {
  local child=
  trap '[ -z "$child" ] || kill -TERM "$child" 2>/dev/null; wait; exit 0' TERM
  while :; do
    for config in large lab; do
      "$ROOT/.build/cli/fulcrum" apply "$WORK/$config.yaml" --node lb1 --netns "$LB1" >/dev/null 2>>"$WORK/apply.err" &
      child=$!
      if wait "$child"; then echo >>"$WORK/applies"; fi
    done
  done
}
: >"$WORK/applies"

measure() { # measure IMPL → appends every jitter sample (ms) of one run to $WORK/IMPL.jitter
  local impl=$1 lb1
  reset_nodes
  start_node "$impl" lb1; lb1=$STARTED_PID
  wait_for 10 holds_vip "$LB1"
  sleep 1
  local loader=
  if [ "$LOAD" = apply ]; then apply_loop & loader=$!; PIDS+=("$loader"); sleep 0.5; fi
  ip netns exec "$LB2" tshark -Q -i eth0 -f "ip proto 112 and src host 203.0.113.1" -a "duration:$DURATION" -w "$WORK/cap.pcap" 2>/dev/null
  if [ -n "$loader" ]; then stop_pid "$loader"; fi
  kill_node "$impl" "$lb1" lb1 TERM
  tshark -r "$WORK/cap.pcap" -T fields -e frame.time_epoch 2>/dev/null | python3 -c '
import sys
t = [float(x) for x in sys.stdin.read().split()]
print("\n".join(f"{abs((b - a) * 1000 - 100):.3f}" for a, b in zip(t, t[1:])))' >"$WORK/run.jitter"
  cat "$WORK/run.jitter" >>"$WORK/$impl.jitter"
  python3 -c '
import json, sys
v = sorted(float(x) for x in open(sys.argv[2]).read().split())
p99 = v[min(len(v) - 1, int(round(0.99 * (len(v) - 1))))] if v else None
print("jitter-run " + json.dumps({"impl": sys.argv[1], "load": sys.argv[3], "intervals": len(v), "p99_ms": p99, "max_ms": v[-1] if v else None}))' "$impl" "$WORK/run.jitter" "$LOAD"
}

for impl in fulcrum keepalived; do
  : >"$WORK/$impl.jitter"
  for _ in $(seq "$RUNS"); do measure "$impl"; done
  printf '%-10s jitter ms: %s\n' "$impl" "$(stats <"$WORK/$impl.jitter")"
done
[ "$LOAD" = apply ] && echo "jitter-applies $(wc -l <"$WORK/applies")"
python3 -c '
import sys
v = sorted(float(x) for x in open(sys.argv[1]).read().split())
sys.exit(0 if v[min(len(v) - 1, int(round(0.99 * (len(v) - 1))))] <= 10 else 1)' "$WORK/fulcrum.jitter"
