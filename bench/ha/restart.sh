#!/usr/bin/env bash
# Restart of the master's daemon after a crash: `fulcrum run` on lb1 and lb2 (the lab config, adverts
# ADVERT, default 2 s, so lb2's Master_Down_Interval (3 x advert + skew) leaves room for the restart),
# then RUNS times: SIGKILL of lb1's daemon (its VIPs and data plane stay in the kernel) and at once a
# new `fulcrum run` for lb1. Measured from the new process's exec (the script's clock) to the daemon's
# own log timestamps: its first log line (.NET runtime start, configuration loaded; which line that
# is differs between builds) and its VRRP "Backup -> Master" (resumed: the number that matters). Also counts the runs in which lb2 took over meanwhile.
# BASELINE=DIR/fulcrum.dll (another build, e.g. `git archive REV` built with
# `dotnet build src/Fulcrum.Cli -c Release -o DIR`) alternates the restarts between this build and
# that one, so both are measured in the same run under the same load.
# Usage: [ADVERT=2s] [BASELINE=DIR/fulcrum.dll] [PREFIX=fhr-] bench/ha/restart.sh [RUNS]   (default 5)
PREFIX=${PREFIX:-fhr-}
source "$(dirname "$0")/lib.sh"
RUNS=${1:-5}
ADVERT=${ADVERT:-2s}
BASELINE=${BASELINE:-}
trap cleanup EXIT
"$ROOT/fulcrum" --help >/dev/null
lab_up
config 3 "$ADVERT" true
STATE="$WORK/state"
variants=(current); [ -n "$BASELINE" ] && variants=(current baseline)

now_ms() { date +%s%3N; }

# log_ms FILE PATTERN → the first matching line's HH:mm:ss.fff (local time, as the daemon logs) in epoch ms
log_ms() {
  local stamp
  stamp=$(grep -m1 -E "$2" "$1" | awk '{print $1}') || return 1
  [ -n "$stamp" ] || return 1
  date -d "$(date +%F) $stamp" +%s%3N
}

start_daemon() { # start_daemon VARIANT NODE LOG → sets STARTED_PID
  local dll="$ROOT/.build/cli/fulcrum.dll"
  [ "$1" = baseline ] && dll=$BASELINE
  : >"$3"
  ip netns exec "${PREFIX}$2" dotnet "$dll" run "$WORK/lab.yaml" --node "$2" --state-dir "$STATE" >"$3" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
}

master_line='VRRP public: Backup -> Master'
start_daemon current lb1 "$WORK/lb1.0.log"; lb1=$STARTED_PID
wait_for 60 grep -q "$master_line" "$WORK/lb1.0.log" || { cat "$WORK/lb1.0.log" >&2; exit 1; }
start_daemon current lb2 "$WORK/lb2.log"
wait_for 60 grep -q "VRRP public: Initialize -> Backup" "$WORK/lb2.log" || { cat "$WORK/lb2.log" >&2; exit 1; }

for v in "${variants[@]}"; do : >"$WORK/first.$v"; : >"$WORK/resumed.$v"; : >"$WORK/taken.$v"; done
for run in $(seq "$RUNS"); do
  for v in "${variants[@]}"; do
    sleep 3 # settled: health up, lb2 backup, the alive file fresh (a pause between runs, not a wait for a condition)
    before=$(grep -c "Backup -> Master" "$WORK/lb2.log" || true)
    kill -KILL "$lb1"; wait "$lb1" 2>/dev/null || true
    log="$WORK/lb1.$run.$v.log"
    exec_ms=$(now_ms)
    start_daemon "$v" lb1 "$log"; lb1=$STARTED_PID
    if ! wait_for 60 grep -q "$master_line" "$log"; then
      echo "run $run ($v): lb1 did not become master again" >&2; cat "$log" >&2; exit 1
    fi
    first=$(( $(log_ms "$log" '^[0-9]{2}:') - exec_ms ))
    resumed=$(( $(log_ms "$log" "$master_line") - exec_ms ))
    after=$(grep -c "Backup -> Master" "$WORK/lb2.log" || true)
    note=""
    if [ "$after" -gt "$before" ]; then note=", lb2 took over meanwhile"; echo x >>"$WORK/taken.$v"; fi
    echo "run $run ($v): first log line after ${first} ms, VRRP master after ${resumed} ms$note"
    echo "$first" >>"$WORK/first.$v"; echo "$resumed" >>"$WORK/resumed.$v"
  done
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for v in "${variants[@]}"; do
  echo "$v: exec -> first log line (ms):        $(stats <"$WORK/first.$v")"
  echo "$v: exec -> VRRP master (ms):           $(stats <"$WORK/resumed.$v")"
  echo "$v: lb2 took over in $(wc -l <"$WORK/taken.$v") of $RUNS runs"
done
for v in "${variants[@]}"; do
  echo "lb1's last start-up log ($v):"
  grep -E '^[0-9]{2}:' "$WORK/lb1.$RUNS.$v.log" | grep -E 'Start order|VRRP group|-> Master|Adopted|Firewall|health plan|API listening' | head -12
done
