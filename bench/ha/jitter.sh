#!/usr/bin/env bash
# Advert timing, Fulcrum vs keepalived 2.2.7 at the same settings (VRRPv3, 100 ms), in the same
# run, with both cores kept busy by two CPU burners (started here, stopped by pid). Adverts are
# captured on the backup's side of the wire with tshark for DURATION seconds; jitter is
# |interval - 100 ms| per consecutive pair. Goal: Fulcrum's p99 <= 10 ms.
# Usage: bench/ha/jitter.sh [DURATION] [RUNS]   (defaults 10 s, 5 runs)
source "$(dirname "$0")/lib.sh"
DURATION=${1:-10}
RUNS=${2:-5}
trap cleanup EXIT
command -v keepalived >/dev/null || apt-get install -y -qq keepalived >/dev/null
command -v tshark >/dev/null || apt-get install -y -qq tshark >/dev/null
"$ROOT/fulcrum" --help >/dev/null
lab_up
config 3 100ms false

for _ in 1 2; do sh -c 'while :; do :; done' & PIDS+=($!); done

measure() { # measure IMPL → appends every jitter sample (ms) of one run to $WORK/IMPL.jitter
  local impl=$1 lb1
  reset_nodes
  start_node "$impl" lb1; lb1=$STARTED_PID
  wait_for 10 holds_vip "$LB1"
  sleep 1
  ip netns exec "$LB2" tshark -Q -i eth0 -f "ip proto 112 and src host 203.0.113.1" -a "duration:$DURATION" -w "$WORK/cap.pcap" 2>/dev/null
  kill_node "$impl" "$lb1" lb1 TERM
  tshark -r "$WORK/cap.pcap" -T fields -e frame.time_epoch 2>/dev/null | python3 -c '
import sys
t = [float(x) for x in sys.stdin.read().split()]
print("\n".join(f"{abs((b - a) * 1000 - 100):.3f}" for a, b in zip(t, t[1:])))' >>"$WORK/$impl.jitter"
}

for impl in fulcrum keepalived; do
  : >"$WORK/$impl.jitter"
  for _ in $(seq "$RUNS"); do measure "$impl"; done
  printf '%-10s jitter ms: %s\n' "$impl" "$(stats <"$WORK/$impl.jitter")"
done
python3 -c '
import sys
v = sorted(float(x) for x in open(sys.argv[1]).read().split())
sys.exit(0 if v[min(len(v) - 1, int(round(0.99 * (len(v) - 1))))] <= 10 else 1)' "$WORK/fulcrum.jitter"
