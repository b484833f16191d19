#!/usr/bin/env bash
# Hard failover, Fulcrum vs keepalived 2.2.7 at the same settings (VRRPv3, 100 ms adverts,
# priorities 150/100, preempt off so the pair settles), in the same run:
#   sigkill  – the master dies: SIGKILL of its VRRP process(es) and, at the same moment, its switch
#              ports down (a dead node's kernel must not go on answering for the VIPs it still holds);
#              no priority-0 advert, the backup waits Master_Down_Interval;
#   linkdown – the master's public link set down: tracking moves both VIPs;
#   graceful – SIGTERM of the master: priority 0, the backup takes over after Skew_Time.
# The gap is measured from the client (203.0.113.50): ping to the VIP every 10 ms, the longest
# time between two answers. No data plane is involved yet: the VIP itself answers (ICMP), which
# includes the client's ARP cache being corrected by the new master's gratuitous ARP.
# Usage: bench/ha/failover.sh [RUNS]   (default 5)   Goal: median gap <= 450 ms (3 x advert + skew + 100 ms).
source "$(dirname "$0")/lib.sh"
RUNS=${1:-5}
trap cleanup EXIT
command -v keepalived >/dev/null || apt-get install -y -qq keepalived >/dev/null
"$ROOT/fulcrum" --help >/dev/null
lab_up
config 3 100ms false

measure() { # measure IMPL SCENARIO → prints the gap in ms
  local impl=$1 scenario=$2 lb1 lb2 ping_pid
  reset_nodes
  start_node "$impl" lb1; lb1=$STARTED_PID
  wait_for 10 holds_vip "$LB1"
  start_node "$impl" lb2; lb2=$STARTED_PID
  sleep 1.5
  ip netns exec "$CLIENT" ping -n -D -i 0.01 -W 1 $VIP >"$WORK/ping.txt" 2>&1 &
  ping_pid=$!
  sleep 1
  case $scenario in
    sigkill)  kill_node "$impl" "$lb1" lb1 KILL & local killer=$!; ip -n "$SWITCH" link set lb1-pub down; ip -n "$SWITCH" link set lb1-priv down; wait "$killer" ;;
    linkdown) ip -n "$LB1" link set eth0 down ;;
    graceful) kill_node "$impl" "$lb1" lb1 TERM ;;
  esac
  wait_for 10 holds_vip "$LB2" || echo "no takeover" >&2
  sleep 1.5
  kill -INT "$ping_pid"; wait "$ping_pid" 2>/dev/null || true
  kill_node "$impl" "$lb1" lb1 TERM
  kill_node "$impl" "$lb2" lb2 TERM
  python3 -c '
import re, sys
t = [float(m.group(1)) for m in re.finditer(r"^\[(\d+\.\d+)\] \d+ bytes from", open(sys.argv[1]).read(), re.M)]
print(round(max(b - a for a, b in zip(t, t[1:])) * 1000, 1) if len(t) > 1 else "nan")' "$WORK/ping.txt"
}

status=0
for scenario in sigkill linkdown graceful; do
  for impl in fulcrum keepalived; do
    : >"$WORK/$impl.$scenario"
    for _ in $(seq "$RUNS"); do measure "$impl" "$scenario" >>"$WORK/$impl.$scenario"; done
    printf '%-8s %-10s gap ms: %s   runs: %s\n' "$scenario" "$impl" "$(stats <"$WORK/$impl.$scenario")" "$(tr '\n' ' ' <"$WORK/$impl.$scenario")"
  done
  median=$(python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in open(sys.argv[1]).read().split()))' "$WORK/fulcrum.$scenario")
  python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= 450 else 1)' "$median" || status=1
done
exit $status
