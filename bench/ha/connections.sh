#!/usr/bin/env bash
# Connections surviving a hard failover: COUNT keep-alive HTTP connections through the VIP (lab with
# 3 nginx real servers, the data plane of examples/lab.yaml applied on both balancers, `fulcrum vrrp`
# on both, 100 ms adverts, preempt off), each having had one request answered; then the master dies
# as in failover.sh (SIGKILL of its VRRP process and its switch ports down at the same moment); once
# the backup holds the VIP every connection sends one more request, in a shuffled order (after a
# failover, packets arrive in no relation to the order the flows were opened in; sent in opening
# order, wrr's round-robin counter on the backup would hand each flow the same server again by
# coincidence). Measured: the share of the
# connections that still get an answer within TIMEOUT seconds (and how many from the same real
# server). Without connection sync the backup knows none of these flows, so this is the baseline,
# expected to be low. SYNC=1: both balancers run the daemon (`fulcrum run`, the same config with
# `ha.connection_sync: { enabled: true }`) instead of `fulcrum vrrp`; the connections are opened once
# lb2's daemon has finished its resync, and the master's daemon is SIGKILLed with its ports downed.
# Usage: [SYNC=1] bench/ha/connections.sh [RUNS] [COUNT] [TIMEOUT]   (defaults 5 1000 5)
# Prints per run a line "connections-run {json}" and at the end a summary line.
PREFIX=${PREFIX:-fhc-}
source "$(dirname "$0")/lib.sh"
RUNS=${1:-5} COUNT=${2:-1000} TIMEOUT=${3:-5}
trap cleanup EXIT
"$ROOT/fulcrum" --help >/dev/null
"$ROOT/fulcrum" lab up --prefix "$PREFIX" --servers 3 >/dev/null
config 3 100ms false
SYNC=${SYNC:-0}
if [ "$SYNC" = 1 ]; then
  sed -i 's/^  preempt_delay: .*/  preempt_delay: 0s\n  connection_sync: { enabled: true }/' "$WORK/lab.yaml"
fi
for node in lb1 lb2; do
  "$ROOT/fulcrum" apply "$WORK/lab.yaml" --node "$node" --netns "${PREFIX}$node" >"$WORK/apply-$node.log"
done

# start_daemon NODE RUN → `fulcrum run` in the node's namespace (state in WORK/state-RUN); sets STARTED_PID
start_daemon() {
  "$ROOT/.build/cli/fulcrum" run "$WORK/lab.yaml" --node "$1" --netns "${PREFIX}$1" --state-dir "$WORK/state-$2" >"$WORK/$1.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
}

run_once() { # run_once RUN: prints the client's JSON outcome
  local lb1 lb2 client_pid
  reset_nodes
  for ns in "$LB1" "$LB2"; do ip netns exec "$ns" conntrack -F >/dev/null 2>&1 || true; done
  if [ "$SYNC" = 1 ]; then
    start_daemon lb1 "$1"; lb1=$STARTED_PID
    wait_for 30 holds_vip "$LB1"
    start_daemon lb2 "$1"; lb2=$STARTED_PID
    wait_for 30 grep -q "the peer's resync is complete" "$WORK/lb2.log" || echo "lb2 did not resync: $(tail -n 5 "$WORK/lb2.log")" >&2
  else
    start_node fulcrum lb1; lb1=$STARTED_PID
    wait_for 20 holds_vip "$LB1"
    start_node fulcrum lb2; lb2=$STARTED_PID
    sleep 1.5
  fi
  rm -f "$WORK/go"
  ip netns exec "$CLIENT" python3 "$ROOT/bench/ha/hold_connections.py" $VIP 80 "$COUNT" "$WORK/go" "$TIMEOUT" >"$WORK/client.out" 2>"$WORK/client.err" &
  client_pid=$!
  PIDS+=("$client_pid")
  wait_for 120 grep -q '^ready' "$WORK/client.out" || { echo "client not ready: $(cat "$WORK/client.err")" >&2; return 1; }
  kill_node fulcrum "$lb1" lb1 KILL & local killer=$!
  ip -n "$SWITCH" link set lb1-pub down; ip -n "$SWITCH" link set lb1-priv down
  wait "$killer"
  wait_for 10 holds_vip "$LB2" || echo "no takeover" >&2
  touch "$WORK/go"
  wait "$client_pid" || true
  kill_node fulcrum "$lb2" lb2 TERM
  tail -n 1 "$WORK/client.out"
}

: >"$WORK/outcomes"
for run in $(seq "$RUNS"); do
  outcome=$(run_once "$run")
  echo "connections-run $outcome"
  echo "$outcome" >>"$WORK/outcomes"
done
python3 -c '
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
shares = [100 * r["answered"] / r["connections"] for r in runs]
count, same, answered = runs[0]["connections"], sum(r["same_server"] for r in runs), sum(r["answered"] for r in runs)
print(f"connections surviving a hard failover{sys.argv[2]}: answered {statistics.median(shares):.1f}% median "
      f"(min {min(shares):.1f}, max {max(shares):.1f}) of {count} per run, {len(runs)} runs; "
      f"same real server as before: {same} of {answered} answers")' "$WORK/outcomes" "$([ "$SYNC" = 1 ] && echo " with connection sync" || true)"
