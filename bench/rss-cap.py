#!/usr/bin/env python3
"""Runs a command and kills it (and every process it started) when their
resident memory together exceeds a limit; reports the peak.

usage: bench/rss-cap.py LIMIT_MB [--report FILE] -- COMMAND ARGS...

For programs that `prlimit --as` cannot cap because they reserve far more
address space than they use (Node and Chromium: V8 and WebAssembly reserve
guard regions of many GB). Polls /proc every 0.2 s and sums VmRSS over the
command's process tree (children of children included, also those that
start their own process group, as Playwright's browser does). On exceeding
LIMIT_MB it sends SIGKILL to each of those processes by pid and exits 137.
With --report, writes {"peak_rss_mb", "limit_mb", "killed", "rc"} to FILE.
"""
import json
import os
import signal
import subprocess
import sys
import time


def children_map():
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
            ppid = int(s[s.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    return kids


def tree(root):
    kids = children_map()
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    args = sys.argv[1:]
    if len(args) < 3 or "--" not in args:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    limit_mb = float(args[0])
    report = None
    rest = args[1:]
    if rest[0] == "--report":
        report, rest = rest[1], rest[2:]
    cmd = rest[rest.index("--") + 1:]
    child = subprocess.Popen(cmd)
    peak = 0
    killed = False
    while child.poll() is None:
        pids = tree(child.pid)
        total = sum(rss_kb(p) for p in pids) / 1024
        peak = max(peak, total)
        if total > limit_mb:
            killed = True
            print(f"rss-cap: {total:.0f} MB > {limit_mb:.0f} MB, killing {cmd[0]} and {len(pids) - 1} descendants",
                  file=sys.stderr)
            for p in reversed(pids):
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
            break
        time.sleep(0.2)
    rc = child.wait()
    if report:
        with open(report, "w") as f:
            json.dump({"peak_rss_mb": round(peak, 1), "limit_mb": limit_mb, "killed": killed, "rc": rc}, f)
            f.write("\n")
    sys.exit(137 if killed else (rc if rc >= 0 else 128 - rc))


if __name__ == "__main__":
    main()
