#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Line coverage of the model's own files, after make check ran on a gcov
build (`make coverage`).

Usage: coverage.py BUILD REPO

Reads every .gcda that BUILD's test runs left (gcov's JSON output), keeps
the source files the project adds to QEMU (REPO's hw/ and crypto/ .c and
.c.inc files; the upstream files it patches are not counted), and prints
per file the lines run and the lines that could run, then the total. A
line counts as run if any object that compiles it ran it. The lines never
run are listed in BUILD/coverage-missed.txt, as ranges per file.
"""

import gzip
import json
import os
import subprocess
import sys


def model_files(repo):
    out = set()
    for top in ("hw", "crypto"):
        for root, _, files in os.walk(os.path.join(repo, top)):
            for f in files:
                if f.endswith((".c", ".c.inc")):
                    out.add(os.path.relpath(os.path.join(root, f), repo))
    return out


def gcov_json(build, gcda):
    """gcov's JSON for one object, run where the paths are relative to"""
    r = subprocess.run(["gcov", "--json-format", "--stdout", "-o",
                        os.path.dirname(gcda), gcda], cwd=build,
                       capture_output=True)
    if r.returncode:
        sys.exit(f"coverage: gcov failed on {gcda}:\n"
                 + r.stderr.decode(errors="replace"))
    data = r.stdout
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    for doc in data.decode().splitlines():
        if doc.strip():
            yield json.loads(doc)


def ranges(lines):
    out, start, prev = [], None, None
    for n in sorted(lines):
        if start is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
        start = prev = n
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
    return out


def main():
    build, repo = sys.argv[1], sys.argv[2]
    wanted = model_files(repo)
    counts = {}         # file -> {line: count}
    # (os.walk, not glob: the unit tests' objects of the model's files
    # are named ".._.._hw_...", which a glob's * would skip)
    gcdas = [os.path.join(root, f) for root, _, files in os.walk(build)
             for f in files if f.endswith(".gcda")]
    for gcda in sorted(gcdas):
        for doc in gcov_json(build, gcda):
            for f in doc["files"]:
                path = os.path.normpath(os.path.join(
                    doc.get("current_working_directory", build), f["file"]))
                rel = None
                for w in wanted:
                    if path.endswith("/" + w):
                        rel = w
                        break
                if not rel:
                    continue
                lines = counts.setdefault(rel, {})
                for ln in f["lines"]:
                    n = ln["line_number"]
                    lines[n] = lines.get(n, 0) + ln["count"]
    if not counts:
        sys.exit("coverage: no coverage data (was make check run on a gcov "
                 "build?)")
    total = run = 0
    missed = []
    print("Line coverage of the model's files under make check")
    for rel in sorted(counts):
        lines = counts[rel]
        hit = sum(1 for c in lines.values() if c)
        total += len(lines)
        run += hit
        print(f"  {rel:<48} {hit:5d} / {len(lines):5d}  "
              f"{100 * hit / len(lines):5.1f} %")
        never = [n for n, c in lines.items() if not c]
        if never:
            missed.append(f"{rel}: " + " ".join(ranges(never)))
    for rel in sorted(wanted - set(counts)):
        if rel.startswith("crypto/ecdsa-") and rel.endswith(".c.inc"):
            continue        # another backend than the build's
        print(f"  {rel:<48}  not compiled in this build")
    with open(os.path.join(build, "coverage-missed.txt"), "w") as f:
        f.write("\n".join(missed) + "\n")
    print(f"total: {run} of {total} lines, {100 * run / total:.1f} %")
    print(f"lines never run: {os.path.join(build, 'coverage-missed.txt')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
