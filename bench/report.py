#!/usr/bin/env python3
"""Builds bench/results/REPORT.md and report.json from what bench/run collected in RAW: the modes'
--json files (maglev, dataplane, throughput, health), the HA scripts' output (failover.log,
connections.log, footprint.log), machine.json and steps.json. Each measure: median, min, max over
its runs, the baseline measured in the same run and the ratio, the goal from its issue, and met /
not met / not measured (with the reason) / no goal.
Usage: report.py RAW OUT_DIR   (bench/run keeps RAW's JSON files in bench/results/logs: report.py
bench/results/logs bench/results writes the last report again; history.tsv is read from OUT_DIR)"""
import json
import re
import statistics
import sys
from pathlib import Path

RAW, OUT = Path(sys.argv[1]), Path(sys.argv[2])


def load(name):
    path = RAW / name
    return json.loads(path.read_text()) if path.exists() else None


def text(name):
    path = RAW / name
    return path.read_text() if path.exists() else None


def summary(samples):
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "runs": len(samples)} if samples else None


def missing_reason(step):
    """Why a step produced nothing: its exit code and last line, from steps.json."""
    info = (load("steps.json") or {}).get(step)
    if info is None:
        return f"{step} did not run"
    return f"{step} produced no result (exit {info['exit']}: {info.get('last_line', '')})"


measures = []


def add(group, name, unit, samples, goal, judge=None, baseline=None, baseline_name=None, ratio=None, note=None, reason=None, unjudged=None):
    """One row. judge(value_summary, ratio) -> bool; without judge the status is 'no goal', or 'not measured'
    with the reason UNJUDGED when the issue's goal is one this measure does not observe."""
    value = summary(samples) if samples else None
    base = summary(baseline) if baseline else None
    if ratio is None and value and base and base["median"]:
        ratio = value["median"] / base["median"]
    if value is None:
        status = "not measured"
    elif unjudged is not None:
        status, reason = "not measured", unjudged
    elif judge is None:
        status = "no goal"
    else:
        status = "met" if judge(value, ratio) else "not met"
    measures.append({"group": group, "name": name, "unit": unit, "value": value, "samples": samples,
                     "baseline_name": baseline_name, "baseline": base, "ratio": ratio, "goal": goal,
                     "status": status, "reason": reason if status == "not measured" else None, "note": note})


def series(doc, name):
    return ((doc or {}).get("series", {}).get(name) or {}).get("samples")


# --- control plane: Maglev ---------------------------------------------------------------------
maglev = load("maglev.json")
for n in (4, 100, 1000):
    add("Control plane", f"Maglev table build (65,537 slots), {n:,} backends", "ms",
        series(maglev, f"MaglevTable (weights 1-3), {n} backends"),
        "≤ 5 ms (issue 3)", lambda v, r: v["median"] <= 5,
        baseline=series(maglev, f"textbook (unweighted), {n} backends"), baseline_name="textbook Maglev (paper), same run",
        reason=missing_reason("maglev"))

# --- control plane: data plane -----------------------------------------------------------------
dataplane = load("dataplane.json")
small = series(dataplane, "cold apply, 10 services")
for n, judged in (("1,000", False), ("10,000", True)):
    add("Control plane", f"cold apply, {n} services × 4 real servers, one transaction", "ms",
        series(dataplane, f"cold apply, {n} services"),
        "≤ 1 s at 10,000 services (issue 3)" if judged else "none at 1,000 (issue 3 sets it at 10,000)",
        (lambda v, r: v["median"] <= 1000) if judged else None,
        baseline=small, baseline_name="cold apply, 10 services", reason=missing_reason("dataplane"))
for kind in ("weight change", "real server add", "real server remove"):
    base = series(dataplane, f"{kind}, 10 services")
    for n, judged in (("1,000", False), ("10,000", True)):
        add("Control plane", f"{kind}, {n} services loaded", "ms", series(dataplane, f"{kind}, {n} services"),
            "≤ 2 ms median and ≤ 2× the same change at 10 services (issue 3)" if judged else "none at 1,000 (issue 3 sets it at 10,000)",
            (lambda v, r: v["median"] <= 2 and r is not None and r <= 2) if judged else None,
            baseline=base, baseline_name=f"{kind}, 10 services loaded", reason=missing_reason("dataplane"))

# --- throughput --------------------------------------------------------------------------------
throughput = load("throughput.json")
for mode, goal, bound in (("keep-alive", "≥ 0.95× direct (issue 3)", 0.95), ("new connection per request", "≥ 0.90× direct (issue 3)", 0.90)):
    direct, vip, haproxy = (series(throughput, f"throughput {mode} {path}") for path in ("direct", "vip", "haproxy"))
    paired = statistics.median([v / d for d, v in zip(direct, vip)]) if direct and vip else None
    add("Throughput", f"requests/s through the VIP, {mode} (wrk -t2 -c50)", "req/s", vip, goal,
        lambda v, r, bound=bound: r >= bound, baseline=direct, baseline_name="direct to the real server (through lb1 as a router)",
        ratio=paired, note="ratio: median of the paired runs' ratios (the two runs of a pair back to back, order alternating)",
        reason=missing_reason("throughput"))
    paired_h = statistics.median([v / h for h, v in zip(haproxy, vip)]) if haproxy and vip else None
    add("Throughput", f"requests/s through the VIP vs HAProxy 2.6 TCP mode on lb1, {mode}", "req/s", vip if haproxy else None,
        "none (issue 8: side by side)", None, baseline=haproxy, baseline_name="HAProxy 2.6 (Debian), TCP mode, same lab and real server",
        ratio=paired_h, note="ratio: median of the paired runs' ratios VIP/HAProxy",
        reason=missing_reason("throughput") if not vip else "haproxy not installed")


# --- failover ----------------------------------------------------------------------------------
def parse_failover(output):
    """failover.sh's lines 'SCENARIO IMPL gap ms: n=.. median=.. ... runs: G1 G2 ...[  failed requests per run: F1 F2 ...]'
    -> ({(scenario, impl): [gaps]}, {(scenario, impl): [failed]}). The one place that knows failover.sh's output
    format (the failed-requests part comes with the version that probes over HTTP through the data plane)."""
    gaps, failed = {}, {}
    pattern = r"^(\w+)\s+(fulcrum|keepalived)\s+gap ms:.*?runs:\s*([0-9.nan\s]*?)\s*(?:failed requests per run:\s*([0-9\s]*?))?\s*$"
    for match in re.finditer(pattern, output or "", re.M):
        key = (match.group(1), match.group(2))
        gaps[key] = [float(x) for x in match.group(3).split() if x != "nan"]
        if match.group(4) is not None:
            failed[key] = [float(x) for x in match.group(4).split()]
    return gaps, failed


gaps, failed = parse_failover(text("failover.log"))
probe = "HTTP through the data plane every 10 ms" if failed else "ICMP to the VIP every 10 ms"
for scenario, label in (("sigkill", "master dies (SIGKILL of VRRP + switch ports down)"), ("linkdown", "master's public link down"),
                        ("graceful", "graceful stop (SIGTERM)")):
    hard = scenario != "graceful"
    add("Failover", f"client-observed gap ({probe}), {label}, 100 ms adverts", "ms", gaps.get((scenario, "fulcrum")),
        "≤ 450 ms (3 × advert + skew + 100 ms, issue 5)" if hard else "none for the gap (issue 5 asks 0 failed requests, below)",
        (lambda v, r: v["median"] <= 450) if hard else None,
        baseline=gaps.get((scenario, "keepalived")), baseline_name="keepalived (Debian) at the same settings, same run",
        reason=missing_reason("failover"))
add("Failover", "failed requests per run during a graceful stop (SIGTERM of the master)", "requests", failed.get(("graceful", "fulcrum")),
    "0 failed requests from a continuous client (issue 5; judged on the max)", lambda v, r: v["max"] == 0,
    baseline=failed.get(("graceful", "keepalived")), baseline_name="keepalived (Debian) at the same settings, same run",
    reason="this failover.sh measures the ICMP gap only (no client through the data plane)" if gaps else missing_reason("failover"))

jitter_runs = [json.loads(m.group(1)) for m in re.finditer(r"^jitter-run (\{.*\})$", text("jitter.log") or "", re.M)]
jitter_applies = re.search(r"^jitter-applies (\d+)$", text("jitter.log") or "", re.M)
add("Failover", "advert jitter p99 per run, |interval − 100 ms|, while `fulcrum apply` on the master's node alternates 10,000 services "
    "and 1 back to back (adverts captured on the backup's side with tshark)", "ms",
    [r["p99_ms"] for r in jitter_runs if r["impl"] == "fulcrum" and r["p99_ms"] is not None] or None,
    "p99 ≤ 10 ms at a 100 ms interval while a 10,000-service apply runs (issue 5; judged on the max)", lambda v, r: v["max"] <= 10,
    baseline=[r["p99_ms"] for r in jitter_runs if r["impl"] == "keepalived" and r["p99_ms"] is not None] or None,
    baseline_name="keepalived (Debian) at the same settings and load, same run",
    note=(f"{jitter_applies.group(1)} applies completed during the captures; {sum(r['intervals'] for r in jitter_runs if r['impl'] == 'fulcrum')} "
          f"Fulcrum intervals") if jitter_applies else None,
    reason="quick mode skips it (run bench/run without --quick)" if (load("machine.json") or {}).get("mode") == "quick" else missing_reason("jitter"))

# --- health ------------------------------------------------------------------------------------
health = load("health.json")
hr = missing_reason("health")
add("Health", "check capacity: probes/s with 5,000 TCP targets at 1 s", "probes/s", series(health, "health engine probes/s"),
    "≥ 4,750 probes/s (5,000 checks/s, issue 4)", lambda v, r: v["median"] >= 4750,
    baseline=series(health, "health baseline connects/s"), baseline_name="bare paced connect loop, same targets", reason=hr)
add("Health", "check CPU at 5,000 checks/s", "% of one core", series(health, "health engine cpu"),
    "≤ 25 % of one core (issue 4)", lambda v, r: v["median"] <= 25,
    baseline=series(health, "health baseline cpu"), baseline_name="bare paced connect loop, same targets", reason=hr)
add("Health", "check RSS at 5,000 checks/s (judged on the max)", "MB", series(health, "health engine rss"),
    "≤ 100 MB (issue 4)", lambda v, r: v["max"] <= 100, reason=hr)
add("Health", "busiest 100 ms window vs the mean rate (judged on the max)", "× mean", series(health, "health engine busiest window"),
    "no 100 ms window above 2× the mean (issue 4)", lambda v, r: v["max"] <= 2, reason=hr)
add("Health", "engine alone: listener SIGKILLed → Down event (tcp, interval 100 ms, timeout 50 ms, fall 1)", "ms", series(health, "health detection"),
    "none of its own: the issue's goal is judged through the data plane (next rows); under a second (issue 4's title)", None,
    note="end point is the engine's Down event, without the daemon, reconciler and nftables", reason=hr)
detection = [json.loads(m.group(1)) for m in re.finditer(r"^detection-run (\{.*\})$", text("detection.log") or "", re.M)]
dr = missing_reason("detection")
bound = detection[0]["bound_ms"] if detection else 250
removed = [r["kill_to_removal_ms"] for r in detection if r["kill_to_removal_ms"] is not None]
add("Health", "detection through the data plane: real server's nginx SIGKILLed → its element removed from nftables by the daemon "
    "(tcp, interval 100 ms, timeout 50 ms, fall 1; `nft monitor` in lb1; judged on the max)", "ms",
    removed if len(removed) == len(detection) else None,
    f"every run ≤ interval × fall + timeout + 100 ms = {bound:.0f} ms (issue 4)", lambda v, r: v["max"] <= bound,
    reason=dr if not detection else f"{len(detection) - len(removed)} of {len(detection)} runs saw no element removal")
add("Health", "client SYNs (a new connection through the VIP every 10 ms) reaching the dead real server after its removal, per run "
    "(tcpdump in its namespace; judged on the max)", "SYNs", [r["syns_after_removal"] for r in detection if r["syns_after_removal"] is not None] or None,
    "0 (issue 4)", lambda v, r: v["max"] == 0, reason=dr)
add("Health", f"client SYNs reaching the dead real server later than kill + {bound:.0f} ms, per run (judged on the max)", "SYNs",
    [r["syns_after_bound"] for r in detection] or None, "0: no new connection reaches it later than the bound (issue 4)",
    lambda v, r: v["max"] == 0, reason=dr,
    note=(f"between kill and removal {sum(r['syns_kill_to_removal'] for r in detection)} SYNs in all runs reached it (refused), "
          f"{sum(r['syns_before_kill'] for r in detection)} before the kills (each run waits for 3: the capture sees the client)") if detection else None)

# --- connections surviving a hard failover -----------------------------------------------------
conn_runs = [json.loads(m.group(1)) for m in re.finditer(r"^connections-run (\{.*\})$", text("connections.log") or "", re.M)]
shares = [100 * r["answered"] / r["connections"] for r in conn_runs]
same = sum(r["same_server"] for r in conn_runs)
add("Connections through a hard failover", "share of 1,000 established keep-alive connections answered after SIGKILL of the master", "%", shares,
    "none (issue 8: today's honest baseline; low until connection sync exists)", None,
    note=(f"wrr over 3 real servers, no connection sync; answers from the same real server: {same} of {sum(r['answered'] for r in conn_runs)}; "
          f"reset {sum(r['reset'] for r in conn_runs)}, timed out {sum(r['timeout'] for r in conn_runs)} (all runs)") if conn_runs else None,
    reason=missing_reason("connections"))

# --- footprint ---------------------------------------------------------------------------------
footprint_text = text("footprint.log") or ""
fp = {r["config"]: r for r in (json.loads(m.group(1)) for m in re.finditer(r"^footprint-run (\{.*\})$", footprint_text, re.M))}
fp_reason = "fulcrum run not available (the daemon is not on this branch)" if "not measured: fulcrum run not available" in footprint_text else missing_reason("footprint")
add("Footprint", "daemon idle CPU, 10,000 services and 1,000 checks", "% of one core", fp.get("large", {}).get("cpu_percent"),
    "none (issue 8)", None, baseline=fp.get("small", {}).get("cpu_percent"), baseline_name="same daemon, examples/lab.yaml (1 service, 3 checks)", reason=fp_reason)
add("Footprint", "daemon RSS, 10,000 services and 1,000 checks", "MB", fp.get("large", {}).get("rss_mb"),
    "none (issue 8)", None, baseline=fp.get("small", {}).get("rss_mb"), baseline_name="same daemon, examples/lab.yaml (1 service, 3 checks)", reason=fp_reason)

# --- output ------------------------------------------------------------------------------------
machine = load("machine.json") or {}
steps = load("steps.json") or {}
report = {"machine": machine, "steps": steps, "measures": measures}
OUT.mkdir(parents=True, exist_ok=True)
(OUT / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def fmt(x, unit=""):
    if x is None:
        return "—"
    digits = 3 if abs(x) < 10 else 1 if abs(x) < 1000 else 0
    return f"{x:,.{digits}f}"


def cell(s):
    return "—" if s is None else f"{fmt(s['median'])} ({fmt(s['min'])}–{fmt(s['max'])}, n={s['runs']})"


try:
    highest = max(float(x) for x in f"{machine['load_start']} {machine['load_end']}".split()[::3])
    loaded = (f"The 1-minute load average reached {highest:g} on {machine['cores']} cores: the machine was loaded during this run "
              "(work waiting for a CPU), which widens the spread and slows absolute numbers." if highest > machine["cores"] else
              f"The 1-minute load average stayed at or below {machine['cores']} (the core count).")
except (KeyError, ValueError):
    loaded = ""
step_times = ", ".join(f"{k} {v['seconds']} s" for k, v in steps.items() if k != "build")
lines = [f"# Fulcrum benchmark report ({machine.get('mode', '?')} run)", "",
         f"Written by `bench/run{' --quick' if machine.get('mode') == 'quick' else ''}` on {machine.get('finished', '?')}. "
         "Reproduce: `sudo bench/run --quick` (about 3 minutes once built) or `sudo bench/run` (full); see bench/README.md.", ""]
if machine.get("mode") == "quick":
    lines += [f"**Quick mode**: fewer runs and shorter runs than the ≥ 5 runs the issues ask for ({machine.get('parameters', '')}). "
              "Medians of so few runs are indicative only; the full run is the one to judge goals by.", ""]
else:
    lines += [f"Full mode: {machine.get('parameters', '')}.", ""]
lines += ["## Machine", "",
          f"- {machine.get('cores', '?')} cores ({machine.get('cpu', '?')}), kernel {machine.get('kernel', '?')}",
          f"- .NET {machine.get('dotnet', '?')}; {machine.get('nft', '?')}; {machine.get('keepalived', '?')}; {machine.get('haproxy', '?')}; {machine.get('wrk', '?')}; {machine.get('nginx', '?')}",
          f"- load average at start {machine.get('load_start', '?')}, at end {machine.get('load_end', '?')} (1, 5, 15 min)",
          f"- {machine.get('note', '')} {loaded}", "",
          "## Wall time", "",
          f"- build (CLI and bench, not counted): {steps.get('build', {}).get('seconds', '?')} s",
          f"- measures: **{machine.get('wall_seconds', '?')} s** ({step_times})", ""]
history = (OUT / "history.tsv").read_text() if (OUT / "history.tsv").exists() else None
if history:
    lines += ["Recent runs (bench/results/history.tsv):", "", "| finished | mode | measures wall time | load at start → end |", "| --- | --- | --- | --- |"]
    for row in history.strip().splitlines()[-6:]:
        finished, mode, wall, load_start, load_end = row.split("\t")
        lines.append(f"| {finished} | {mode} | {wall} s | {load_start} → {load_end} |")
    lines.append("")

counts = {s: sum(m["status"] == s for m in measures) for s in ("met", "not met", "not measured", "no goal")}
lines += ["## Summary", "", ", ".join(f"{v} {k}" for k, v in counts.items()), ""]
group = None
for m in measures:
    if m["group"] != group:
        group = m["group"]
        lines += [f"## {group}", "", "| measure | median (min–max, runs) | baseline, same run: median (min–max) | ratio | goal | status |",
                  "| --- | --- | --- | --- | --- | --- |"]
    status = m["status"] if m["status"] != "not measured" else f"not measured: {m['reason']}"
    base = f"{m['baseline_name']}: {cell(m['baseline'])}" if m["baseline_name"] else "—"
    name = f"{m['name']} [{m['unit']}]" + (f"; {m['note']}" if m["note"] else "")
    lines.append(f"| {name} | {cell(m['value'])} | {base} | {fmt(m['ratio']) + '×' if m['ratio'] is not None else '—'} | {m['goal']} | **{status}** |")
    nxt = measures.index(m) + 1
    if nxt == len(measures) or measures[nxt]["group"] != group:
        lines.append("")
(OUT / "REPORT.md").write_text("\n".join(lines))
print(f"report: {OUT / 'REPORT.md'}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
