# Shared helpers of the HA benchmarks: a lab of their own (prefix fhb-), Fulcrum or keepalived
# on lb1/lb2 with the same settings, every process started here stopped by its pid.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PREFIX=${PREFIX:-fhb-}
LB1=${PREFIX}lb1 LB2=${PREFIX}lb2 CLIENT=${PREFIX}client SWITCH=${PREFIX}sw
VIP=203.0.113.100
WORK=$(mktemp -d /tmp/fulcrum-ha-bench.XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  "$ROOT/fulcrum" lab down --prefix "$PREFIX" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}

lab_up() {
  "$ROOT/fulcrum" lab up --prefix "$PREFIX" --servers 3 >/dev/null
}

# config VERSION ADVERT PREEMPT → a lab.yaml with those HA settings (preempt_delay 0;
# ha.flow_handoff from $FLOW_HANDOFF when set, e.g. FLOW_HANDOFF=0s to measure without it)
config() {
  sed -e "s/^  version: .*/  version: $1/" -e "s/^  advert: .*/  advert: $2${FLOW_HANDOFF:+\\n  flow_handoff: $FLOW_HANDOFF}/" \
      -e "s/^  preempt: .*/  preempt: $3/" -e "s/^  preempt_delay: .*/  preempt_delay: 0s/" \
      "$ROOT/examples/lab.yaml" > "$WORK/lab.yaml"
}

# keepalived_conf PRIORITY ADVERT_SECONDS
keepalived_conf() {
  cat <<CONF
global_defs {
  router_id bench
  vrrp_version 3
  script_user root
  enable_script_security
}
vrrp_sync_group lab {
  group {
    public
    private
  }
}
vrrp_instance public {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $1
  advert_int $2
  virtual_ipaddress {
    203.0.113.100/24 dev eth0
  }
}
vrrp_instance private {
  state BACKUP
  interface eth1
  virtual_router_id 51
  priority $1
  advert_int $2
  virtual_ipaddress {
    192.168.20.254/24 dev eth1
  }
}
CONF
}

# start IMPL NODE → starts Fulcrum or keepalived for lb1/lb2; sets STARTED_PID (the process to kill)
start_node() {
  local impl=$1 node=$2 ns=${PREFIX}$2 prio
  [ "$node" = lb1 ] && prio=150 || prio=100
  if [ "$impl" = fulcrum ]; then
    ip netns exec "$ns" "$ROOT/.build/cli/fulcrum" vrrp "$WORK/lab.yaml" --node "$node" >"$WORK/$node.log" 2>&1 &
    STARTED_PID=$!
  else
    keepalived_conf "$prio" 0.1 > "$WORK/$node.conf"
    ip netns exec "$ns" keepalived --dont-fork --vrrp --log-console --use-file="$WORK/$node.conf" \
      --pid="$WORK/$node.pid" --vrrp_pid="$WORK/$node.vrrp.pid" >"$WORK/$node.log" 2>&1 &
    STARTED_PID=$!
  fi
  PIDS+=("$STARTED_PID")
}

# kill_node IMPL PID NODE SIGNAL: keepalived's VRRP child is signalled too (by its pid file)
kill_node() {
  local impl=$1 pid=$2 node=$3 signal=$4
  if [ "$impl" = keepalived ] && [ -f "$WORK/$node.vrrp.pid" ]; then
    kill "-$signal" "$(cat "$WORK/$node.vrrp.pid")" 2>/dev/null || true
  fi
  kill "-$signal" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# stop_pid PID: SIGTERM, then SIGKILL if it is still there after 2 s; reaps it
stop_pid() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 40); do kill -0 "$1" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

holds_vip() { ip -n "$1" -br addr show dev eth0 | grep -q " $VIP/"; }

wait_for() { # wait_for SECONDS COMMAND...
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.05; done
}

reset_nodes() {
  for port in lb1-pub lb1-priv lb2-pub lb2-priv; do ip -n "$SWITCH" link set "$port" up; done
  for ns in "$LB1" "$LB2"; do
    ip -n "$ns" link set eth0 up; ip -n "$ns" link set eth1 up
    ip -n "$ns" addr del $VIP/24 dev eth0 2>/dev/null || true
    ip -n "$ns" addr del 192.168.20.254/24 dev eth1 2>/dev/null || true
  done
  ip netns exec "$CLIENT" ip neigh flush all
}

# median / p99 / max of numbers on stdin
stats() { python3 -c '
import sys, statistics
v = sorted(float(x) for x in sys.stdin.read().split())
p = lambda q: v[min(len(v) - 1, int(round(q * (len(v) - 1))))]
print(f"n={len(v)} median={statistics.median(v):.1f} min={v[0]:.1f} p99={p(0.99):.1f} max={v[-1]:.1f}")'; }
