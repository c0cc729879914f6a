#!/usr/bin/env python3
"""Load for deploy/ha/test.sh: records conversations through the API and reads lists and pages, through HAProxy,
until a stop file appears; every HTTP exchange is written to a JSON-lines log, then a summary is printed.

    load.py run --url http://127.0.0.1:PORT --org demo --token TOKEN --emails FILE --label NAME \
        --workers 6 --stop FILE --events OUT.jsonl
    load.py summary --events OUT.jsonl [--mark NAME=EPOCH ...] [--acked OUT.txt]

A write is a POST with a fresh, unique `ref`. A 503 is allowed only with Retry-After; the same write is then sent
again (same ref) after a short pause (0.2 s, shorter than Retry-After, so the recovery is timed finely). If a retry
is refused because the ref is already taken, the earlier attempt was recorded after all (its answer was lost with
the failed server or instance): the write counts as "recorded, answer lost", and is checked in the database like
an acknowledged one. A connection closed without an answer is a failed request (it is retried the same way, to
learn whether it was recorded), and so is any other answer (another 5xx, an unexpected 4xx).

Python 3 standard library only.
"""
import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
import uuid

READ_PATHS = [
    "/api/v1/orgs/{org}/conversations?limit=5",
    "/api/v1/orgs/{org}/stakeholders?limit=5",
    "/api/v1/orgs/{org}/digests",
    "/api/v1/orgs/{org}/flags?limit=5",
]


class Worker(threading.Thread):
    def __init__(self, args, number, emails, sink):
        super().__init__(daemon=True)
        self.args, self.number, self.emails, self.sink = args, number, emails, sink
        host_port = args.url.split("://", 1)[1].rstrip("/")
        self.host, self.port = host_port.split(":")
        self.connection = None
        self.random = random.Random(number * 7919 + int(time.time()))

    def exchange(self, method, path, body=None, idempotency_key=None):
        """One request; returns (status, headers, body bytes) or (None, {}, error text) on a transport failure."""
        # A fresh connection per request: a request in flight on an instance that dies is then answered 503 by
        # HAProxy; on a keep-alive connection HAProxy closes the connection without an answer instead.
        headers = {"Authorization": "Bearer " + self.args.token, "Accept": "application/json",
                   "Connection": "close"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, int(self.port), timeout=30)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
            result = (response.status, {k.lower(): v for k, v in response.getheaders()}, data)
            if result[1].get("connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return result
        except Exception as error:  # a transport failure: count it, start a fresh connection
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            return None, {}, repr(error).encode()

    def record(self, **event):
        self.sink.write(event)

    def write_once(self, sequence):
        ref = f"ha-{self.args.label}-{self.number}-{sequence}-{uuid.uuid4().hex[:6]}"
        people = self.random.sample(self.emails, k=min(2, len(self.emails)))
        body = json.dumps({
            "ref": ref, "occurred_at": "2026-05-20T10:00:00Z", "kind": "one_to_one",
            "participants": [{"email": p, "attendance": "attended"} for p in people],
            "guidelines": ["G01"],
        })
        path = f"/api/v1/orgs/{self.args.org}/conversations"
        # With --idempotency-keys every attempt of one write carries the same Idempotency-Key.
        key = uuid.uuid4().hex if self.args.idempotency_keys else None
        attempts = 0
        while True:
            attempts += 1
            started = time.time()
            status, headers, data = self.exchange("POST", path, body, key)
            ended = time.time()
            event = dict(kind="write", ref=ref, attempt=attempts, t0=started, t1=ended, status=status,
                         worker=self.number)
            if status == 201:
                try:
                    event["id"] = json.loads(data).get("id")
                except ValueError:
                    pass
                event["outcome"] = "acknowledged"
                self.record(**event)
                return
            if status == 503 and headers.get("retry-after"):
                event["outcome"] = "unavailable"
                self.record(**event)
                if self.stopping():
                    # The load ends while the service is still unavailable: the write is given up, unknown.
                    self.record(kind="write", ref=ref, attempt=attempts, t0=ended, t1=ended, status=None,
                                worker=self.number, outcome="abandoned")
                    return
                time.sleep(0.2)
                continue
            if status is None:
                event["outcome"] = "connection-lost"
                event["detail"] = data[:300].decode("utf-8", "replace")
                self.record(**event)
                time.sleep(0.2)
                continue
            # Without keys, a retry refused as a duplicate means an earlier attempt was recorded; with keys the
            # retry is answered with the first attempt's response instead, and 409 means "still in progress".
            taken = status in (409, 422) and attempts > 1 and key is None
            if taken:
                event["outcome"] = "recorded-answer-lost"
            else:
                event["outcome"] = "failed"
                event["detail"] = data[:300].decode("utf-8", "replace")
            self.record(**event)
            return

    def read_once(self):
        path = self.random.choice(READ_PATHS).format(org=self.args.org)
        while True:
            started = time.time()
            status, headers, data = self.exchange("GET", path)
            ended = time.time()
            event = dict(kind="read", path=path.split("?")[0], t0=started, t1=ended, status=status, worker=self.number)
            if status == 200:
                event["outcome"] = "ok"
            elif status == 503 and headers.get("retry-after"):
                event["outcome"] = "unavailable"
                self.record(**event)
                if self.stopping():
                    return
                time.sleep(0.2)
                continue
            elif status is None:
                event["outcome"] = "connection-lost"
                event["detail"] = data[:300].decode("utf-8", "replace")
                self.record(**event)
                time.sleep(0.2)
                continue
            else:
                event["outcome"] = "failed"
                event["detail"] = data[:300].decode("utf-8", "replace")
            self.record(**event)
            return

    def stopping(self):
        return os.path.exists(self.args.stop)

    def run(self):
        sequence = 0
        while not self.stopping():
            sequence += 1
            if self.random.random() < self.args.write_share:
                self.write_once(sequence)
            else:
                self.read_once()


class Sink:
    """The events log, written from every worker thread."""

    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8")
        self.lock = threading.Lock()

    def write(self, event):
        line = json.dumps(event)
        with self.lock:
            self.file.write(line + "\n")
            self.file.flush()


def run(args):
    with open(args.emails, encoding="utf-8") as f:
        emails = [line.strip() for line in f if line.strip()]
    if len(emails) < 2:
        sys.exit("load.py: need at least two stakeholder e-mails in " + args.emails)
    sink = Sink(args.events)
    workers = [Worker(args, n, emails, sink) for n in range(1, args.workers + 1)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


def summary(args):
    events = []
    with open(args.events, encoding="utf-8") as f:
        for line in f:
            events.append(json.loads(line))
    marks = {}
    for mark in args.mark or []:
        name, value = mark.split("=", 1)
        marks[name] = float(value)
    writes = [e for e in events if e["kind"] == "write"]
    reads = [e for e in events if e["kind"] == "read"]
    acked = sorted({e["ref"] for e in writes if e["outcome"] == "acknowledged"})
    answer_lost = sorted({e["ref"] for e in writes if e["outcome"] == "recorded-answer-lost"})
    abandoned = sorted({e["ref"] for e in writes if e["outcome"] == "abandoned"})
    failed = [e for e in events if e["outcome"] == "failed"]
    # A connection closed without an answer is a failed request too: the client cannot tell what happened.
    lost = [e for e in events if e["outcome"] == "connection-lost"]
    unavailable = [e for e in events if e["outcome"] == "unavailable"]
    out = {
        "requests": len(events) - len(abandoned),
        "writes_acknowledged": len(acked),
        "writes_recorded_answer_lost": len(answer_lost),
        "writes_abandoned_at_end": len(abandoned),
        "reads_ok": sum(1 for e in reads if e["outcome"] == "ok"),
        "answered_503_with_retry_after": len(unavailable),
        "failed_requests": len(failed) + len(lost),
        "of_which_connections_closed_without_answer": len(lost),
        "failed_examples": [{k: e.get(k) for k in ("kind", "status", "detail", "path", "t1")}
                            for e in (failed + lost)[:5]],
        "duration_s": round(max(e["t1"] for e in events) - min(e["t0"] for e in events), 1) if events else 0,
    }
    # For each event: the longest stretch, from shortly before it to the next event (at most 90 s), in which no
    # write was acknowledged, and when 503s were seen: what the clients saw of it.
    done = sorted(e["t1"] for e in writes if e["outcome"] == "acknowledged")
    ordered = sorted(marks.items(), key=lambda item: item[1])
    for index, (name, at) in enumerate(ordered):
        # Up to 90 s after the event, or until the next one.
        end = min(at + 90, ordered[index + 1][1] if index + 1 < len(ordered) else at + 90)
        window = [t for t in done if at - 2 <= t <= end]
        gaps = [(b - a, a, b) for a, b in zip(window, window[1:])]
        longest = max(gaps, default=(0, at, at))
        seen_503 = [e["t1"] for e in unavailable if at - 1 <= e["t1"] <= end]
        out[name] = {
            "writes_stalled_s": round(longest[0], 2),
            # The stall runs from one acknowledged write to the next, in seconds after the event.
            "stall_from_s": round(longest[1] - at, 2),
            "stall_to_s": round(longest[2] - at, 2),
            "503s_after_event": len(seen_503),
            "last_503_after_event_s": round(max(seen_503) - at, 2) if seen_503 else None,
        }
    if args.acked:
        with open(args.acked, "w", encoding="utf-8") as f:
            for ref in acked:
                f.write(ref + "\n")
    if args.answer_lost:
        with open(args.answer_lost, "w", encoding="utf-8") as f:
            for ref in answer_lost:
                f.write(ref + "\n")
    print(json.dumps(out, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--url", required=True)
    r.add_argument("--org", required=True)
    r.add_argument("--token", required=True)
    r.add_argument("--emails", required=True)
    r.add_argument("--label", required=True)
    r.add_argument("--workers", type=int, default=6)
    r.add_argument("--write-share", type=float, default=0.6)
    r.add_argument("--idempotency-keys", action="store_true", help="send an Idempotency-Key with every write")
    r.add_argument("--stop", required=True)
    r.add_argument("--events", required=True)
    s = sub.add_parser("summary")
    s.add_argument("--events", required=True)
    s.add_argument("--mark", action="append")
    s.add_argument("--acked")
    s.add_argument("--answer-lost")
    args = parser.parse_args()
    run(args) if args.command == "run" else summary(args)


if __name__ == "__main__":
    main()
