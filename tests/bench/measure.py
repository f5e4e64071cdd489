#!/usr/bin/env python3
"""Runs one command once and records its wall time, CPU time and peak memory (bench.sh's timer).

    measure.py RESULTS SITE TOOL [--cwd DIR] [--log FILE] -- COMMAND [ARG...]

Appends three rows to the tab-separated RESULTS file: `SITE TOOL wall SECONDS`,
`SITE TOOL cpu SECONDS` (user + system, of the command and every child it waited for) and
`SITE TOOL rss KIB` (the largest resident set of any of those processes).

Why not /usr/bin/time: its wall clock has 10 ms steps, too coarse for a `cp -r` of a
1,000-article site or for `faq add`. Here the wall clock is `perf_counter` around
`posix_spawn` and `wait4`, and the CPU and memory figures are the kernel's own rusage of
the finished child. The command's output goes to the log file (default /dev/null); when it
fails, the log's last lines are shown and this exits with the command's status.

The peak-memory figure cannot go below this script's own resident size (about 15 MB): the
kernel counts the spawning process's memory at the moment of exec. Every tool whose memory
the benchmark reports uses far more than that.
"""

import argparse
import os
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("site")
    parser.add_argument("tool")
    parser.add_argument("--cwd", default=".")
    parser.add_argument("--log", default=os.devnull)
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        parser.error("no command given after --")
    split = argv.index("--")
    args = parser.parse_args(argv[:split])
    command = argv[split + 1 :]

    os.chdir(args.cwd)
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, args.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start

    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        shown = " ".join(command)
        print(f"measure.py: `{shown}` in {args.cwd} failed (status {code})", file=sys.stderr)
        if args.log != os.devnull:
            with open(args.log, encoding="utf-8", errors="replace") as log:
                tail = log.readlines()[-20:]
            sys.stderr.write("".join(tail))
        sys.exit(code if code > 0 else 1)

    cpu = usage.ru_utime + usage.ru_stime
    with open(args.results, "a", encoding="utf-8") as out:
        out.write(f"{args.site}\t{args.tool}\twall\t{wall:.6f}\n")
        out.write(f"{args.site}\t{args.tool}\tcpu\t{cpu:.6f}\n")
        out.write(f"{args.site}\t{args.tool}\trss\t{usage.ru_maxrss}\n")


if __name__ == "__main__":
    main()
