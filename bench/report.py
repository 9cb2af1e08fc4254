#!/usr/bin/env python3
"""Turn the raw figures bench/run.sh collected into the Markdown report.

  report.py RESULTS_DIR > report.md

RESULTS_DIR holds:
  meta.tsv           key<TAB>value lines, printed in order at the top
  runs.tsv           size tool measure run wall_s user_s sys_s peak_rss_kb detail (TAB-separated)
  notes.txt          one line per thing that looked wrong (optional)
  watch.json         bench/watch_events.py --json output (optional)
  watch_latency.log  ../shared/tools/watch_latency.py output (optional)
  watch.tsv          size, file and url of the watch measurement (optional)

Standard library only.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys

MEASURES = [
    ("full", "full build, cold (empty output, no cache)"),
    ("nochange", "rebuild with nothing changed"),
    ("onechange", "rebuild after one plan changed"),
]

# Issue 5's targets (2-core machine, 10,000 plans) and issue 4's watch target.
TARGETS = {
    10000: {("full", "wall"): 2.1, ("full", "rss"): 400e6, ("nochange", "wall"): 0.5},
    100000: {("full", "wall"): 25.0, ("full", "rss"): 2e9},
}
TARGET_TEXT = {
    ("full", "wall"): {10000: "≤ 2.1 s (≥ 5× faster than Hugo)", 100000: "≤ 25 s, time growing linearly"},
    ("full", "rss"): {10000: "≤ 400 MB", 100000: "≤ 2 GB"},
    ("nochange", "wall"): {10000: "≤ 0.5 s"},
}
WATCH_TARGET_MS = 100.0


def read_tsv(path: str) -> list[list[str]]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def fmt_s(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def fmt_mb(kb: float | None) -> str:
    if kb is None:
        return "—"
    mb = kb * 1024 / 1e6
    return f"{mb:.0f} MB" if mb < 10000 else f"{mb / 1000:.1f} GB"


def fmt_ms(x: float | None) -> str:
    return "—" if x is None else f"{x:.0f} ms" if x >= 10 else f"{x:.1f} ms"


def ratio(hugo: float | None, pp: float | None) -> str:
    if hugo is None or pp is None or pp <= 0:
        return "—"
    return f"{hugo / pp:.2f}×"


def plans(n: int) -> str:
    return f"{n:,} plans"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    d = argv[0]
    meta = read_tsv(os.path.join(d, "meta.tsv"))
    runs = read_tsv(os.path.join(d, "runs.tsv"))
    notes_path = os.path.join(d, "notes.txt")
    notes = []
    if os.path.exists(notes_path):
        with open(notes_path, encoding="utf-8") as f:
            notes = [l.rstrip("\n") for l in f if l.strip()]

    # (size, tool, measure) -> list of (wall, cpu, rss_kb)
    figures: dict[tuple[int, str, str], list[tuple[float, float, float]]] = {}
    for row in runs:
        size, tool, measure, _run, wall, user, sys_, rss = row[:8]
        figures.setdefault((int(size), tool, measure), []).append(
            (float(wall), float(user) + float(sys_), float(rss)))

    def median(size: int, tool: str, measure: str, what: str) -> float | None:
        xs = figures.get((size, tool, measure))
        if not xs:
            return None
        i = {"wall": 0, "cpu": 1, "rss": 2}[what]
        return statistics.median(x[i] for x in xs)

    out: list[str] = ["# planpress benchmark", ""]
    for key, value in meta:
        out.append(f"- {key}: {value}")
    out.append("")

    sizes = sorted({k[0] for k in figures})
    for size in sizes:
        n_runs = max(len(v) for k, v in figures.items() if k[0] == size)
        has_hugo = any(k[0] == size and k[1] == "hugo" for k in figures)
        out += [f"## {plans(size)} (median of {n_runs} run{'s' if n_runs != 1 else ''})", ""]
        out += ["| measure | planpress | Hugo | Hugo/planpress | target |",
                "| --- | --- | --- | --- | --- |"]
        for measure, label in MEASURES:
            for what, wlabel, fmt in (("wall", "wall", fmt_s), ("cpu", "CPU (user+sys)", fmt_s),
                                      ("rss", "peak memory", fmt_mb)):
                pp = median(size, "planpress", measure, what)
                if pp is None:
                    continue
                hugo = median(size, "hugo", measure, what) if has_hugo else None
                target = TARGET_TEXT.get((measure, what), {}).get(size)
                limit = TARGETS.get(size, {}).get((measure, what))
                if target and limit is not None:
                    value = pp if what != "rss" else pp * 1024
                    target += " ✓" if value <= limit else " ✗ not met"
                elif (measure, what) in TARGET_TEXT:
                    t10 = TARGET_TEXT[(measure, what)].get(10000)
                    target = f"at {plans(10000)}: {t10}" if t10 else "—"
                else:
                    target = "—"
                out.append(f"| {label}, {wlabel} | {fmt(pp)} | {fmt(hugo) if hugo is not None else '—'} "
                           f"| {ratio(hugo, pp) if hugo is not None else '—'} | {target} |")
        out.append("")

    watch_json = os.path.join(d, "watch.json")
    w: dict = {}
    if os.path.exists(watch_json):
        with open(watch_json, encoding="utf-8") as f:
            w = json.load(f)
    wl_log = os.path.join(d, "watch_latency.log")
    watch_meta = dict((r[0], r[1]) for r in read_tsv(os.path.join(d, "watch.tsv")) if len(r) >= 2)
    if os.path.exists(watch_json) or os.path.exists(wl_log):
        size = int(watch_meta.get("size", "0") or 0)
        out += [f"## Watch and serve, {plans(size)}", ""]
        if watch_meta:
            out.append(f"Edited `{watch_meta.get('file', '?')}` {watch_meta.get('edits', '?')} times "
                       f"(one in-place write each, like an editor's save); page `{watch_meta.get('url', '?')}`.")
            out.append("")
        out += ["| measure | planpress | target |", "| --- | --- | --- |"]

        def watch_target(ms: float | None) -> str:
            t = f"< {WATCH_TARGET_MS:.0f} ms"
            if size != 10000:
                return f"at {plans(10000)}: {t}"
            if ms is None:
                return t
            return t + (" ✓" if ms < WATCH_TARGET_MS else " ✗ not met")

        if w:
            n = len([x for x in w.get("page_ms", []) if x is not None])
            m = w.get("median_page_ms")
            out.append(f"| save → plan page shows the edit, median of {n} (bench/watch_events.py) "
                       f"| {fmt_ms(m)} | {watch_target(m)} |")
            n = len([x for x in w.get("reload_ms", []) if x is not None])
            m = w.get("median_reload_ms")
            out.append(f"| save → browser told to reload (`reload` event), median of {n} "
                       f"| {fmt_ms(m)} | {watch_target(m)} |")
        wl = {}
        if os.path.exists(wl_log):
            with open(wl_log, encoding="utf-8", errors="replace") as f:
                text = f.read()
            m = re.search(r"latency ms: median ([0-9.]+) min ([0-9.]+) max ([0-9.]+) \(n=(\d+)\)", text)
            if m:
                wl["median"], wl["n"] = float(m.group(1)), int(m.group(4))
            m = re.search(r"server peak RSS \(VmHWM\): ([0-9.]+) MiB", text)
            if m:
                wl["rss_kb"] = float(m.group(1)) * 1024
            m = re.search(r"first-200 after start: ([0-9.]+) s", text)
            if m:
                wl["first"] = float(m.group(1))
            if "median" in wl:
                out.append(f"| save → plan page shows the edit, median of {wl['n']} "
                           f"(../shared/tools/watch_latency.py) | {fmt_ms(wl['median'])} "
                           f"| {watch_target(wl['median'])} |")
            else:
                out.append("| save → plan page shows the edit (../shared/tools/watch_latency.py) "
                           "| failed: see below | — |")
        if w.get("first_200_s") is not None:
            out.append(f"| serve: start → plan page answers (initial build) | {fmt_s(w['first_200_s'])} | — |")
        if w.get("peak_rss_kb") is not None:
            out.append(f"| serve: server peak memory (VmHWM) after the edits | {fmt_mb(w['peak_rss_kb'])} | — |")
        if w:
            out.append(f"| edits never shown / no reload event / stale reload "
                       f"| {w.get('page_never', 0)} / {w.get('reload_never', 0)} / {w.get('stale_reloads', 0)} | 0 / 0 / 0 |")
        out.append("")

    if notes:
        out += ["## Things that looked wrong", ""]
        out += [f"- {n}" for n in notes]
        out.append("")

    out += ["## Raw runs", "",
            "| plans | tool | measure | run | wall s | user s | sys s | peak RSS | detail |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in runs:
        size, tool, measure, run, wall, user, sys_, rss = row[:8]
        detail = row[8] if len(row) > 8 else ""
        out.append(f"| {int(size):,} | {tool} | {measure} | {run} | {wall} | {user} | {sys_} "
                   f"| {fmt_mb(float(rss))} | {detail.replace('|', '/')} |")
    out.append("")
    if w:
        out += ["### Watch edits (bench/watch_events.py)", "",
                "| edit | page shows it | reload event |", "| --- | --- | --- |"]
        for i, (p, r) in enumerate(zip(w.get("page_ms", []), w.get("reload_ms", [])), 1):
            out.append(f"| {i} | {'never' if p is None else f'{p:.1f} ms'} | {'never' if r is None else f'{r:.1f} ms'} |")
        out.append("")
    if os.path.exists(wl_log):
        with open(wl_log, encoding="utf-8", errors="replace") as f:
            out += ["### ../shared/tools/watch_latency.py output", "", "```", f.read().rstrip("\n"), "```", ""]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
