#!/usr/bin/env python3
"""Holds COUNT keep-alive HTTP connections to HOST:PORT (one request answered on each), prints
"ready", waits until GO_FILE exists, then sends one more request on every connection at once (in a
shuffled order) and waits up to TIMEOUT seconds for the answers. Prints one JSON line: how many connections were
established, answered, reset or closed by the peer, or timed out, and how many answers came from the
same real server as before (the lab's nginx pages name the server).
Usage: hold_connections.py HOST PORT COUNT GO_FILE TIMEOUT"""
import json
import os
import random
import resource
import selectors
import socket
import sys
import time


def request(host):
    return f"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: fulcrum-bench\r\n\r\n".encode()


def complete(buffer):
    """The body if BUFFER holds a whole response (Content-Length), else None."""
    head, sep, body = buffer.partition(b"\r\n\r\n")
    if not sep:
        return None
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    return body[:length] if len(body) >= length else None


def server_of(body):
    return body.split(b" ", 1)[0].decode(errors="replace")


def main():
    host, port, count, go_file, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 64)), hard))

    held = []  # (socket, server that answered the first request)
    failed_setup = 0
    for _ in range(count):
        try:
            sock = socket.create_connection((host, port), timeout=5)
            sock.sendall(request(host))
            buffer = b""
            while (body := complete(buffer)) is None:
                chunk = sock.recv(4096)
                if not chunk:
                    raise ConnectionError("closed before the first answer")
                buffer += chunk
            held.append((sock, server_of(body)))
        except OSError:
            failed_setup += 1
    print(f"ready {len(held)}", flush=True)

    while not os.path.exists(go_file):
        time.sleep(0.01)

    outcome = {"connections": count, "established": len(held), "setup_failed": failed_setup,
               "answered": 0, "same_server": 0, "reset": 0, "closed": 0, "timeout": 0}
    selector = selectors.DefaultSelector()
    buffers = {}
    # After a failover, packets arrive in no relation to the order the flows were opened in: a
    # shuffled order (fixed seed) keeps a round-robin scheduler from repeating its first choices.
    for sock, first in random.Random(8).sample(held, len(held)):
        try:
            sock.sendall(request(host))
        except OSError:
            outcome["reset"] += 1
            continue
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, first)
        buffers[sock] = b""
    deadline = time.monotonic() + timeout
    while buffers and (left := deadline - time.monotonic()) > 0:
        for key, _ in selector.select(left):
            sock = key.fileobj
            try:
                chunk = sock.recv(4096)
            except ConnectionResetError:
                chunk = None
            except BlockingIOError:
                continue
            if chunk:
                buffers[sock] += chunk
                body = complete(buffers[sock])
                if body is None:
                    continue
                outcome["answered"] += 1
                outcome["same_server"] += server_of(body) == key.data
            else:
                outcome["reset" if chunk is None else "closed"] += 1
            selector.unregister(sock)
            del buffers[sock]
    outcome["timeout"] = len(buffers)
    for sock, _ in held:
        sock.close()
    print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main()
