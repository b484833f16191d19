#!/usr/bin/env bash
# Hard failover, Fulcrum vs keepalived 2.2.7 at the same settings (VRRPv3, 100 ms adverts,
# priorities 150/100, preempt off so the pair settles), in the same run:
#   sigkill  – the master dies: SIGKILL of its VRRP process(es) and, at the same moment, its switch
#              ports down (a dead node's kernel must not go on answering for the VIPs it still holds);
#              no priority-0 advert, the backup waits Master_Down_Interval;
#   linkdown – the master's public link set down: tracking moves both VIPs;
#   graceful – SIGTERM of the master: priority 0, the backup takes over after Skew_Time.
# Both balancers carry the same Fulcrum data plane (`fulcrum apply` of the lab config: VIP:80 ->
# rs1..rs3, LVS-NAT); only the VRRP implementation differs. The gap is measured from the client
# (203.0.113.50) THROUGH the data plane: bench/ha/http_probe.py opens a new connection to
# http://VIP/ every 10 ms (connect timeout 100 ms, 300 ms per request); the gap is the longest time
# between two answered requests, and failed requests are counted (graceful stop: goal 0).
# Usage: [SCENARIOS="sigkill linkdown graceful"] bench/ha/failover.sh [RUNS]   (default 5)   Goal: median gap <= 450 ms (3 x advert + skew + 100 ms).
source "$(dirname "$0")/lib.sh"
RUNS=${1:-5}
trap cleanup EXIT
command -v keepalived >/dev/null || apt-get install -y -qq keepalived >/dev/null
"$ROOT/fulcrum" --help >/dev/null
lab_up
config 3 100ms false
for node in lb1 lb2; do "$ROOT/fulcrum" apply "$WORK/lab.yaml" --node "$node" --netns "${PREFIX}$node" >/dev/null; done

measure() { # measure IMPL SCENARIO → prints "GAP_MS FAILED_REQUESTS"
  local impl=$1 scenario=$2 lb1 lb2 probe_pid
  reset_nodes
  start_node "$impl" lb1; lb1=$STARTED_PID
  wait_for 10 holds_vip "$LB1"
  start_node "$impl" lb2; lb2=$STARTED_PID
  ip netns exec "$CLIENT" python3 "$ROOT/bench/ha/http_probe.py" $VIP >"$WORK/probe.txt" 2>&1 &
  probe_pid=$!
  # The event only once the probe is answered (a loaded machine can take seconds to start python),
  # and a second later: lb2 has settled as backup and the probe has a steady baseline.
  wait_for 20 grep -q " ok" "$WORK/probe.txt" || echo "the probe got no answer" >&2
  sleep 1
  case $scenario in
    sigkill)  kill_node "$impl" "$lb1" lb1 KILL & local killer=$!; ip -n "$SWITCH" link set lb1-pub down; ip -n "$SWITCH" link set lb1-priv down; wait "$killer" ;;
    linkdown) ip -n "$LB1" link set eth0 down ;;
    graceful) kill_node "$impl" "$lb1" lb1 TERM ;;
  esac
  wait_for 10 holds_vip "$LB2" || echo "no takeover" >&2
  sleep 0.8 # answers through the new master close the gap (a request times out after 300 ms)
  stop_pid "$probe_pid"
  kill_node "$impl" "$lb1" lb1 TERM
  kill_node "$impl" "$lb2" lb2 TERM
  python3 -c '
import sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
t = [float(r[0]) for r in rows if r[1] == "ok"]
failed = sum(1 for r in rows if r[1] == "fail")
print(round(max(b - a for a, b in zip(t, t[1:])) * 1000, 1) if len(t) > 1 else "nan", failed)' "$WORK/probe.txt"
}

status=0
for scenario in ${SCENARIOS:-sigkill linkdown graceful}; do
  for impl in fulcrum keepalived; do
    : >"$WORK/$impl.$scenario"; : >"$WORK/$impl.$scenario.failed"
    for _ in $(seq "$RUNS"); do
      read -r gap failed < <(measure "$impl" "$scenario")
      echo "$gap" >>"$WORK/$impl.$scenario"; echo "$failed" >>"$WORK/$impl.$scenario.failed"
    done
    printf '%-8s %-10s gap ms: %s   runs: %s  failed requests per run: %s\n' "$scenario" "$impl" "$(stats <"$WORK/$impl.$scenario")" \
      "$(tr '\n' ' ' <"$WORK/$impl.$scenario")" "$(tr '\n' ' ' <"$WORK/$impl.$scenario.failed")"
  done
  if [ "$scenario" = graceful ] && [ "$(sort -n "$WORK/fulcrum.graceful.failed" | tail -1)" != 0 ]; then status=1; fi
  median=$(python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in open(sys.argv[1]).read().split()))' "$WORK/fulcrum.$scenario")
  python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= 450 else 1)' "$median" || status=1
done
exit $status
