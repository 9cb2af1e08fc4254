#!/usr/bin/env python3
"""Measure planpress serve's edit latency: to the page and to the browser's reload event.

Starts SERVER_CMD in its own process group, waits until URL answers 200, subscribes to the
dev server's Server-Sent Events (`/__planpress/events` on the same host), then EDITS times:
writes FILE in place with a unique marker paragraph appended (one write, like an editor's
save) and measures from just before the write to

  (a) the first response of URL whose HTML holds the marker (polled over HTTP), and
  (b) the first `reload` event the server sends after the write.

When that reload event arrives the page is fetched at once, as a browser would, and an edit
whose reload would show the old page is counted as "stale reload". `error` events after a
write (a build that failed, e.g. on a half-written file) are counted too. Between edits it
waits until the server has been quiet (no event) for SETTLE seconds.

At the end FILE is restored and the process group started here is stopped. Prints one line
per edit and a summary; --json writes the figures for bench/report.py. Also reports the
time from start to first 200 (serve's initial build) and the server's peak RSS (VmHWM).

Usage:
  watch_events.py --file SITE/content/plans/plan-00500.md \\
      --url http://127.0.0.1:PORT/plans/plan-00500/ [--edits 20] [--settle 1] \\
      [--timeout 30] [--start-timeout 600] [--json OUT] [--log LOG] -- SERVER_CMD ...

Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

EVENTS_PATH = "/__planpress/events"


def fetch(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=timeout)
    try:
        conn.request("GET", u.path or "/", headers={"Cache-Control": "no-cache"})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def vm_hwm_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class Events(threading.Thread):
    """Reads the SSE stream; keeps (monotonic time, event, data) of every event."""

    def __init__(self, url: str, page_url: str):
        super().__init__(daemon=True)
        self.url = url
        self.page_url = page_url
        self.lock = threading.Lock()
        self.cond = threading.Condition(self.lock)
        self.events: list[tuple[float, str, str]] = []
        self.marker: str | None = None          # the edit in flight
        self.reload_checks: dict[str, bool] = {}  # marker -> page fresh at its first reload
        self.failure: str | None = None
        self.connected = False

    def run(self) -> None:
        u = urllib.parse.urlsplit(self.url)
        try:
            conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=None)
            conn.request("GET", u.path, headers={"Accept": "text/event-stream"})
            r = conn.getresponse()
            if r.status != 200:
                raise OSError(f"{self.url} answered {r.status}")
            with self.cond:
                self.connected = True
                self.cond.notify_all()
            name, data = "message", []
            while True:
                raw = r.readline()
                if not raw:
                    raise OSError("the event stream ended")
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if line == "":
                    if data or name != "message":
                        self._dispatch(time.monotonic(), name, "\n".join(data))
                    name, data = "message", []
                elif line.startswith(":"):
                    continue  # keep-alive comment
                else:
                    field, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if field == "event":
                        name = value
                    elif field == "data":
                        data.append(value)
        except Exception as e:  # noqa: BLE001 - reported to the main thread
            with self.cond:
                self.failure = f"{type(e).__name__}: {e}"
                self.cond.notify_all()

    def _dispatch(self, t: float, name: str, data: str) -> None:
        with self.cond:
            self.events.append((t, name, data))
            marker = self.marker
            check = name == "reload" and marker is not None and marker not in self.reload_checks
            self.cond.notify_all()
        if check:
            # What a browser does on this event: fetch the page again.
            try:
                st, body = fetch(self.page_url)
                fresh = st == 200 and marker.encode() in body
            except OSError:
                fresh = False
            with self.cond:
                self.reload_checks.setdefault(marker, fresh)

    def first_after(self, name: str, t0: float, deadline: float) -> tuple[float, str] | None:
        with self.cond:
            while True:
                for t, n, d in self.events:
                    if n == name and t >= t0:
                        return t, d
                left = deadline - time.monotonic()
                if left <= 0 or self.failure:
                    return None
                self.cond.wait(left)

    def since(self, t0: float) -> list[tuple[float, str, str]]:
        with self.lock:
            return [e for e in self.events if e[0] >= t0]

    def last_time(self) -> float:
        with self.lock:
            return self.events[-1][0] if self.events else 0.0


def wait_quiet(ev: Events, settle: float, since: float, limit: float) -> None:
    """Until no event has come for `settle` s (and `settle` s have passed since `since`)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        now = time.monotonic()
        last = max(ev.last_time(), since)
        if now - last >= settle:
            return
        time.sleep(min(0.05, settle))


def med(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", required=True)
    ap.add_argument("--url", required=True, help="the edited plan's page")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--settle", type=float, default=1.0, help="quiet time between edits (s)")
    ap.add_argument("--timeout", type=float, default=30.0, help="per edit (s)")
    ap.add_argument("--start-timeout", type=float, default=600.0, help="until the first 200 (s)")
    ap.add_argument("--poll", type=float, default=0.002, help="sleep between page polls (s)")
    ap.add_argument("--json", default=None, help="write the figures here")
    ap.add_argument("--log", default=os.devnull, help="server stdout/stderr go here")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("missing SERVER_CMD after --")
    u = urllib.parse.urlsplit(a.url)
    events_url = f"{u.scheme}://{u.netloc}{EVENTS_PATH}"

    with open(a.file, encoding="utf-8") as f:
        original = f.read()

    result: dict = {"edits": a.edits, "file": a.file, "url": a.url, "command": cmd}
    page_ms: list[float | None] = []
    reload_ms: list[float | None] = []
    notes: list[str] = []

    log = open(a.log, "ab")
    t_start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    # SIGTERM (from run.sh's clean-up) runs the `finally` below like Ctrl+C does.
    def on_term(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    status = 0
    try:
        deadline = t_start + a.start_timeout
        ready = None
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                print(f"error: the server exited early with status {proc.returncode}", file=sys.stderr)
                return 1
            try:
                st, _ = fetch(a.url)
                if st == 200:
                    ready = time.monotonic() - t_start
                    break
            except OSError:
                pass
            time.sleep(0.01)
        if ready is None:
            print(f"error: {a.url} never answered 200 within {a.start_timeout} s", file=sys.stderr)
            return 1
        result["first_200_s"] = ready
        print(f"first 200 after start: {ready:.3f} s")

        ev = Events(events_url, a.url)
        ev.start()
        with ev.cond:
            ev.cond.wait_for(lambda: ev.connected or ev.failure is not None, timeout=10)
        if not ev.connected:
            print(f"error: could not subscribe to {events_url}: {ev.failure or 'timed out'}", file=sys.stderr)
            return 1
        if ev.first_after("hello", 0.0, time.monotonic() + 10) is None:
            notes.append("the event stream sent no `hello` event")
        wait_quiet(ev, a.settle, time.monotonic(), 120)

        misses_in_a_row = 0
        for k in range(1, a.edits + 1):
            marker = f"watchmark-{os.getpid()}-{k}-{time.time_ns()}"
            text = original.rstrip("\n") + f"\n\nEdited paragraph {marker}.\n"
            with ev.cond:
                ev.marker = marker
            t0 = time.monotonic()
            with open(a.file, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            deadline = t0 + a.timeout
            seen = None
            polls = 0
            while time.monotonic() < deadline:
                polls += 1
                try:
                    st, body = fetch(a.url)
                    if st == 200 and marker.encode() in body:
                        seen = time.monotonic() - t0
                        break
                except OSError:
                    pass
                time.sleep(a.poll)
            got = ev.first_after("reload", t0, max(deadline, time.monotonic() + 1))
            reload = got[0] - t0 if got else None
            page_ms.append(None if seen is None else seen * 1000)
            reload_ms.append(None if reload is None else reload * 1000)
            after = ev.since(t0)
            errors = [e for e in after if e[1] == "error"]
            named = None
            if got:
                pages = got[1].split("\n")
                named = "*" in pages or u.path in pages
            fresh = None
            # the reload check runs on the event thread right after the event
            for _ in range(200):
                with ev.cond:
                    if marker in ev.reload_checks or got is None:
                        fresh = ev.reload_checks.get(marker)
                        break
                time.sleep(0.01)
            line = (f"edit {k:2d}: page {'never' if seen is None else f'{seen * 1000:7.1f} ms'}"
                    f"  reload event {'never' if reload is None else f'{reload * 1000:7.1f} ms'}"
                    f"  ({polls} polls)")
            if errors:
                line += f"  {len(errors)} error event(s)"
                first = (errors[0][2].strip().splitlines() or [""])[0][:200]
                notes.append(f"edit {k}: the server sent {len(errors)} `error` event(s) after the write: {first}")
            if got and named is False:
                line += "  (first reload did not name the page)"
                notes.append(f"edit {k}: the first reload event named {got[1]!r}, not {u.path}")
            if fresh is False:
                line += "  STALE: the page fetched on the reload event lacked the edit"
                notes.append(f"edit {k}: the page fetched right after the first reload event did not show the edit")
            if seen is None:
                notes.append(f"edit {k}: the page never showed the edit within {a.timeout} s")
            if reload is None:
                notes.append(f"edit {k}: no reload event within {a.timeout} s")
            print(line, flush=True)
            with ev.cond:
                ev.marker = None
            if seen is None and reload is None:
                misses_in_a_row += 1
                if misses_in_a_row >= 3:
                    notes.append("stopped after 3 edits in a row that never showed")
                    status = 1
                    break
            else:
                misses_in_a_row = 0
            wait_quiet(ev, a.settle, time.monotonic(), 120)
        if ev.failure:
            notes.append(f"the event stream failed: {ev.failure}")

        hwm = vm_hwm_kib(proc.pid)
        ok_page = [x for x in page_ms if x is not None]
        ok_reload = [x for x in reload_ms if x is not None]
        result.update({
            "page_ms": page_ms,
            "reload_ms": reload_ms,
            "median_page_ms": med(ok_page),
            "median_reload_ms": med(ok_reload),
            "page_never": page_ms.count(None),
            "reload_never": reload_ms.count(None),
            "stale_reloads": sum(1 for v in ev.reload_checks.values() if v is False),
            "peak_rss_kb": hwm,
            "notes": notes,
        })

        def fmt(xs: list[float]) -> str:
            if not xs:
                return "none measured"
            return f"median {med(xs):.1f} min {min(xs):.1f} max {max(xs):.1f} (n={len(xs)})"

        print(f"save -> page shows the edit, ms: {fmt(ok_page)}")
        print(f"save -> reload event, ms:       {fmt(ok_reload)}")
        if hwm is not None:
            print(f"server peak RSS (VmHWM): {hwm / 1024:.1f} MiB")
        for n in notes:
            print(f"note: {n}")
        return status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        with open(a.file, "w", encoding="utf-8", newline="\n") as f:
            f.write(original)
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)  # the group started here
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
        if a.json:
            with open(a.json, "w", encoding="utf-8") as f:
                json.dump(result, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
