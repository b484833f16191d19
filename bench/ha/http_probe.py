#!/usr/bin/env python3
"""Continuous HTTP client for the HA benchmarks: one new TCP connection per request to
http://VIP/, connect timeout 100 ms, whole request 300 ms, 10 ms between requests. Prints one line
per request, "EPOCH_SECONDS ok|fail", until SIGINT/SIGTERM."""
import signal
import socket
import sys
import time

vip = sys.argv[1]
running = True


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
out = sys.stdout
while running:
    started = time.time()
    ok = False
    try:
        with socket.create_connection((vip, 80), timeout=0.1) as s:
            s.settimeout(max(0.01, 0.3 - (time.time() - started)))
            s.sendall(b"GET / HTTP/1.0\r\nHost: bench\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            ok = data.startswith(b"HTTP/1.1 200") or data.startswith(b"HTTP/1.0 200")
    except OSError:
        ok = False
    out.write(f"{time.time():.6f} {'ok' if ok else 'fail'}\n")
    out.flush()
    time.sleep(0.01)
