#!/usr/bin/env python3
"""Timestamps for bench/lb.sh (started by it, not run by hand).

In one process, for a bounded time (--seconds), with threads:
  * one poller per HAProxy runtime API socket (--socket NAME=PATH): `show servers state BACKEND` as fast as it
    answers (then --poll-ms of sleep); for each server of --servers, the first time it is seen with
    srv_op_state 0 (DOWN) after it was seen UP, as the wall time the answer arrived (an upper bound: the change
    happened at most one poll cycle earlier; the cycle's p50/max are reported);
  * one client per HAProxy frontend (--client NAME=HOST:PORT): `GET /health` on a new connection every
    --client-ms, each answer's status (or the error) with the wall time it was sent;
  * one direct probe of a failing backend (--victim-url HOST:PORT): every 5 ms until it answers 500, so the
    instant the backend failed is measured, not assumed.
Nothing is written to the sockets but `show servers state`; only loopback is reached. One JSON object on stdout at
the end. Wall time is time.time(), the same clock as Vitals' UTC timestamps on this machine.
"""
import argparse
import json
import socket
import threading
import time


def ask(path, command, timeout):
    """One runtime API command on a new connection (non-interactive: HAProxy closes after answering)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(path)
        s.sendall(command.encode() + b"\n")
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
        return b"".join(chunks).decode(errors="replace")
    finally:
        s.close()


def poller(name, path, backend, servers, stop_at, poll_ms, out):
    first_down = {}
    seen_up = set()
    cycles = []
    errors = 0
    polls = 0
    while time.time() < stop_at:
        sent = time.time()
        try:
            text = ask(path, "show servers state " + backend, 2.0)
        except OSError:
            errors += 1
            time.sleep(0.05)
            continue
        got = time.time()
        polls += 1
        cycles.append(got - sent)
        for line in text.splitlines():
            f = line.split()
            # be_id be_name srv_id srv_name srv_addr srv_op_state ...
            if len(f) < 6 or f[1] != backend or f[3] not in servers:
                continue
            if f[5] == "0":
                if f[3] in seen_up and f[3] not in first_down:
                    first_down[f[3]] = got
            else:
                seen_up.add(f[3])
        if len(first_down) == len(servers):
            break
        if poll_ms > 0:
            time.sleep(poll_ms / 1000.0)
    cycles.sort()
    out[name] = {
        "down_at": first_down,
        "up_seen": len(seen_up),
        "polls": polls,
        "poll_errors": errors,
        "poll_ms_p50": round(1000 * cycles[len(cycles) // 2], 2) if cycles else None,
        "poll_ms_max": round(1000 * cycles[-1], 2) if cycles else None,
    }


def http_status(host, port, timeout):
    s = socket.create_connection((host, port), timeout=timeout)
    try:
        s.sendall(b"GET /health HTTP/1.0\r\nHost: bench\r\n\r\n")
        data = b""
        while b"\r\n" not in data and len(data) < 4096:
            b = s.recv(4096)
            if not b:
                break
            data += b
        parts = data.split(b" ", 2)
        return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1
    finally:
        s.close()


def client(name, host, port, stop_at, every_ms, out):
    sent = 0
    errors = []  # (time, status or -1)
    while time.time() < stop_at:
        t = time.time()
        try:
            st = http_status(host, port, 2.0)
        except OSError:
            st = -1
        sent += 1
        if st != 200:
            errors.append([round(t, 4), st])
        rest = every_ms / 1000.0 - (time.time() - t)
        if rest > 0:
            time.sleep(rest)
    out[name] = {"requests": sent, "errors": errors}


def victim_probe(host, port, stop_at, out):
    while time.time() < stop_at:
        t = time.time()
        try:
            st = http_status(host, port, 1.0)
        except OSError:
            st = -1
        if st == 500:
            out["victim_failed_at"] = t
            return
        time.sleep(0.005)
    out["victim_failed_at"] = None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--socket", action="append", default=[])
    p.add_argument("--backend", required=True)
    p.add_argument("--servers", required=True, help="file: one server name a line")
    p.add_argument("--poll-ms", type=float, default=5)
    p.add_argument("--client", action="append", default=[])
    p.add_argument("--client-ms", type=float, default=10)
    p.add_argument("--victim-url", required=True)
    p.add_argument("--ready-file", required=True)
    a = p.parse_args()
    if not 1 <= a.seconds <= 600:
        raise SystemExit("--seconds is 1 to 600")
    with open(a.servers) as f:
        servers = {line.strip() for line in f if line.strip()}
    stop_at = time.time() + a.seconds
    polls, clients, victim = {}, {}, {}
    threads = []
    for spec in a.socket:
        name, path = spec.split("=", 1)
        threads.append(threading.Thread(target=poller, args=(name, path, a.backend, servers, stop_at, a.poll_ms, polls)))
    for spec in a.client:
        name, hp = spec.split("=", 1)
        host, port = hp.rsplit(":", 1)
        threads.append(threading.Thread(target=client, args=(name, host, int(port), stop_at, a.client_ms, clients)))
    vh, vp = a.victim_url.rsplit(":", 1)
    threads.append(threading.Thread(target=victim_probe, args=(vh, int(vp), stop_at, victim)))
    for t in threads:
        t.daemon = True
        t.start()
    with open(a.ready_file, "w") as f:
        f.write("%.6f\n" % time.time())
    for t in threads:
        t.join(max(0.0, stop_at - time.time()) + 5)
    print(json.dumps({"polls": polls, "clients": clients, "victim_failed_at": victim.get("victim_failed_at"),
                      "servers": len(servers)}))


if __name__ == "__main__":
    main()
