#!/usr/bin/env python3
"""A webhook receiver for bench/webhooks.sh: HTTP/1.1 with keep-alive on loopback, one thread per connection.

Every POST is answered 200 with an empty body at once; for each it keeps, in memory, the arrival time (epoch seconds,
taken when the body has been read), the Vitals-Event-Id and Vitals-Delivery headers, whether the Vitals-Signature
header verifies (HMAC-SHA256 of "t.body" with --secret), and the body's "type", "time" and, for a pool.grouped
event, how many members and changes it carries. GET /stats answers {"received", "cpu_s"} (the receiver's own CPU
time, to show it is not the bottleneck). On SIGTERM or SIGINT it writes one JSON object a line to --out, then
{"summary": ...} as the last line, and exits.
"""
import argparse
import hashlib
import hmac
import json
import os
import resource
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
RECORDS = []
LOCK = threading.Lock()
STOP = threading.Event()


def cpu_s():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def verify(header, body):
    if not header:
        return False
    t, sigs = None, []
    for part in header.split(","):
        k, _, v = part.strip().partition("=")
        if k == "t":
            t = v
        elif k == "v1":
            sigs.append(v)
    if t is None:
        return False
    want = hmac.new(ARGS.secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(want, s) for s in sigs)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: one line per request would cost more than the request
        pass

    def _answer(self, code, body=b""):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        if body:
            self.send_header("Content-Type", "application/json")
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        if self.path == "/stats":
            with LOCK:
                n = len(RECORDS)
            self._answer(200, json.dumps({"received": n, "cpu_s": round(cpu_s(), 3)}).encode())
        else:
            self._answer(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        at = time.time()
        self._answer(200)
        rec = {"at": at, "id": self.headers.get("Vitals-Event-Id"), "delivery": self.headers.get("Vitals-Delivery"),
               "signed": verify(self.headers.get("Vitals-Signature"), body)}
        try:
            evt = json.loads(body)
            rec["type"] = evt.get("type")
            rec["time"] = evt.get("time")
            group = evt.get("group")
            if group:
                rec["members"] = group.get("members_total")
                rec["changes"] = group.get("changes_total")
        except ValueError:
            rec["type"] = None
        with LOCK:
            RECORDS.append(rec)


def dump(server):
    with LOCK:
        records = list(RECORDS)
    with open(ARGS.out, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
        f.write(json.dumps({"summary": {"received": len(records), "cpu_s": round(cpu_s(), 3)}}) + "\n")


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--ready-file", required=True)
    p.add_argument("--max-seconds", type=float, default=3600)
    ARGS = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: STOP.set())
    signal.signal(signal.SIGINT, lambda *_: STOP.set())
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    with open(ARGS.ready_file, "w", encoding="utf-8") as f:
        f.write(str(os.getpid()))
    STOP.wait(ARGS.max_seconds)  # bounded: the bench stops it long before
    server.shutdown()
    dump(server)
    sys.exit(0)


if __name__ == "__main__":
    main()
