#!/usr/bin/env python3
"""Detection through the data plane, driven from the host (bench/health/detection.sh sets the lab
and the daemon up). Per run: a real server's nginx (master and workers) is SIGKILLed while a client
opens a new connection through the VIP every 10 ms (bench/ha/http_probe.py); `nft monitor` in lb1
timestamps the daemon's first change to the data plane's maps after the kill (the dead server's
slots and weight: its element removal), and tcpdump in the real server's namespace timestamps every
SYN from the client that still reaches it. Prints one line per run, "detection-run {json}":
kill -> removal in ms, and the SYNs that reached the dead server after the removal and after
kill + bound. Then restarts that nginx and waits until the daemon has put the server back.
Usage: detection_run.py RUNS BOUND_MS PREFIX LAB_STATE_DIR API_SOCKET FULCRUM HTTP_PROBE"""
import json
import os
import signal
import subprocess
import sys
import threading
import time

runs, bound_ms, prefix, lab_dir, socket_path, fulcrum, http_probe = sys.argv[1:8]
runs, bound_ms = int(runs), float(bound_ms)
VIP, CLIENT_ADDRESS = "203.0.113.100", "203.0.113.50"
SERVERS = {f"rs{i}": f"192.168.20.{10 + i}" for i in (1, 2, 3)}


def ns_exec(ns, *argv, **kw):
    return subprocess.Popen(["ip", "netns", "exec", ns, *argv], **kw)


def status_servers():
    out = subprocess.run([fulcrum, "status", "--socket", socket_path, "--json"], capture_output=True, text=True, timeout=10)
    if out.returncode != 0:
        return None
    service = json.loads(out.stdout)["services"][0]
    return {s["address"].split(":")[0]: s for s in service["servers"]}


def wait_until(what, predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise SystemExit(f"detection: timed out after {seconds} s waiting for {what}")


def all_in_pool():
    servers = status_servers()
    return servers is not None and len(servers) == 3 and all(s["health"] == "up" and s["weight"] == s["configured_weight"] for s in servers.values())


class LineTimes:
    """Reads a process's stdout on a thread, stamping every line with time.time() as it arrives."""

    def __init__(self, process):
        self.lines = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process):
        for line in process.stdout:
            self.lines.append((time.time(), line.rstrip("\n")))

    def join(self):
        self._thread.join(timeout=5)


def stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        process.send_signal(sig)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def nginx_pids(server):
    master = int(open(os.path.join(lab_dir, server, "nginx.pid")).read().strip())
    children = open(f"/proc/{master}/task/{master}/children").read().split()
    return master, [int(c) for c in children]


def restart_nginx(server):
    site = os.path.join(lab_dir, server)
    subprocess.run(["ip", "netns", "exec", prefix + server, "nginx", "-p", site + "/", "-c", os.path.join(site, "nginx.conf"),
                    "-e", os.path.join(site, "error.log")], check=True, timeout=30)


failures = 0
for run in range(1, runs + 1):
    server = f"rs{(run - 1) % 3 + 1}"
    address = SERVERS[server]
    wait_until("every real server in the pool", all_in_pool, 60)
    # Every SYN of a new client connection that reaches the server (health checks come from lb1, not the client).
    dump = ns_exec(prefix + server, "tcpdump", "-i", "eth0", "-n", "-tt", "-l", "-Q", "in", "-p",
                   f"src host {CLIENT_ADDRESS} and dst port 80 and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn",
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dump.stderr.readline()  # "listening on eth0 ...": capturing from here on
    monitor = ns_exec(prefix + "lb1", "stdbuf", "-oL", "nft", "monitor", stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    changes = LineTimes(monitor)
    client = ns_exec(prefix + "client", "python3", "-u", http_probe, VIP, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    answers = LineTimes(client)
    captured = LineTimes(dump)
    # The capture works and the client's connections reach this server (wrr: every third one).
    wait_until(f"the client's SYNs to reach {server}", lambda: sum(1 for _, l in captured.lines if l[:1].isdigit()) >= 3, 30)
    master, workers = nginx_pids(server)
    killed = time.time()
    for pid in workers + [master]:
        os.kill(pid, signal.SIGKILL)
    removal = None
    deadline = time.monotonic() + 5
    while removal is None and time.monotonic() < deadline:
        time.sleep(0.01)
        for at, line in list(changes.lines):
            if at >= killed and ("ip fulcrum backends" in line or "ip fulcrum servers" in line):
                removal = at
                break
    time.sleep(1.0)  # the client keeps opening connections after the removal
    stop(client)
    stop(monitor)
    stop(dump, signal.SIGINT)  # tcpdump flushes and exits on SIGINT
    captured.join()
    syns = [float(line.split()[0]) for _, line in captured.lines if line[:1].isdigit()]
    answers.join()
    changes.join()
    requests = [line.split() for _, line in answers.lines]
    result = {
        "run": run, "server": f"{server} {address}:80", "bound_ms": bound_ms,
        "kill_to_removal_ms": None if removal is None else round((removal - killed) * 1000, 1),
        "syns_before_kill": sum(1 for t in syns if t < killed),  # at least 3: the capture saw traffic
        "syns_kill_to_removal": sum(1 for t in syns if killed <= t and (removal is None or t <= removal)),
        "syns_after_removal": None if removal is None else sum(1 for t in syns if t > removal),
        "syns_after_bound": sum(1 for t in syns if t > killed + bound_ms / 1000),
        "client_requests_after_kill": sum(1 for r in requests if float(r[0]) >= killed),
        "client_failed_after_kill": sum(1 for r in requests if float(r[0]) >= killed and r[1] != "ok"),
    }
    print("detection-run " + json.dumps(result), flush=True)
    if removal is None:
        failures += 1
    restart_nginx(server)

wait_until("every real server back in the pool", all_in_pool, 60)
sys.exit(1 if failures else 0)
