#!/usr/bin/env python3
"""A webhook receiver for deploy/ha/test.sh: answers every POST with 204 and appends one JSON line per delivery
received (its X-Radar-Delivery id, organisation and week) to a file, so the scenario can count how many times each
delivery arrived. Python 3 standard library only.

    webhook_sink.py PORT OUT.jsonl
"""
import http.server
import json
import sys
import threading
import time

LOCK = threading.Lock()


class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        line = json.dumps({
            "delivery": self.headers.get("X-Radar-Delivery"),
            "organisation": self.headers.get("X-Radar-Organisation"),
            "week": self.headers.get("X-Radar-Week"),
            "at": time.time(),
        })
        with LOCK, open(sys.argv[2], "a", encoding="utf-8") as out:
            out.write(line + "\n")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink)
    server.serve_forever()
