#!/usr/bin/env python3
"""Small helpers for bench/run.sh (standard library only).

  helpers.py slug FILE              the plan's URL slug: front matter `slug:`, else the file stem
  helpers.py append FILE MARKER     append one sentence holding MARKER to the plan's body
  helpers.py free-port              a TCP port on 127.0.0.1 that is free right now
  helpers.py time-line FILE         the `%e %U %S %M` line /usr/bin/time wrote to FILE
"""

from __future__ import annotations

import os
import re
import socket
import sys


def slug(path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if not lines or lines[0].strip() != "---":
        return stem
    for line in lines[1:]:
        if line.strip() == "---":
            break
        # Only a top-level key: `slug:` nested under another key is not the plan's slug.
        m = re.match(r"^slug:\s*(.*?)\s*$", line)
        if m:
            value = m.group(1)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            value = value.strip().strip("/")
            if value:
                return value
    return stem


def append(path: str, marker: str) -> None:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # A paragraph of its own: appended straight after a table or a list, a line would
    # become a table row or a list item's continuation.
    text = text.rstrip("\n") + f"\n\nThe benchmark appended this sentence, {marker}.\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_line(path: str) -> str:
    """GNU time writes `Command exited with non-zero status N` (or a signal note) before
    the format line; the figures are on the last line of four numbers."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [l.strip() for l in f if l.strip()]
    for line in reversed(lines):
        parts = line.split()
        if len(parts) == 4 and all(re.fullmatch(r"[0-9.]+", p) for p in parts):
            return line
    raise SystemExit(f"no timing line in {path}")


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "free-port":
        print(free_port())
    elif len(argv) == 2 and argv[0] == "slug":
        print(slug(argv[1]))
    elif len(argv) == 3 and argv[0] == "append":
        append(argv[1], argv[2])
    elif len(argv) == 2 and argv[0] == "time-line":
        print(time_line(argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
