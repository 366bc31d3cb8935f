#!/usr/bin/env python3
"""Throughput and peak memory of `reportlint check` on generated corpora.

    python3 benches/corpus.py                  # 1,000 and 10,000 reports
    python3 benches/corpus.py --sizes 1000 --jobs 1

Builds the release binary, writes corpora of N reports by copying the
committed fixtures (the five seeds and the extra reports; the "mixed" corpus
adds their Word, GBK, UTF-16 and web-page forms) into nested folders, and
runs `reportlint check --format json DIR > /dev/null` on each with 1 and 2
threads. It reports wall time, MB/s of input, MB/s per thread, files/s and
the peak resident memory of the checker (from wait4, like /usr/bin/time -v).

This is a benchmark, not a test: it prints figures and asserts nothing.
Only the Python standard library is used.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
BINARY = os.path.join(ROOT, "target", "release", "reportlint")
FILES_PER_DIR = 500


def pool(kind):
    text = sorted(
        os.path.join(FIXTURES, n) for n in os.listdir(FIXTURES) if n.startswith("seed_") and n.endswith(".txt")
    )
    if kind == "seeds":
        return text
    extra_dir = os.path.join(FIXTURES, "extra")
    text += sorted(os.path.join(extra_dir, n) for n in os.listdir(extra_dir) if n.endswith(".txt"))
    if kind == "text":
        return text
    variants = os.path.join(FIXTURES, "variants")
    return text + sorted(os.path.join(variants, n) for n in os.listdir(variants))


def make_corpus(base, kind, size):
    sources = pool(kind)
    root = os.path.join(base, f"{kind}-{size}")
    total = 0
    for i in range(size):
        src = sources[i % len(sources)]
        folder = os.path.join(root, f"office-{i // FILES_PER_DIR:03}")
        if i % FILES_PER_DIR == 0:
            os.makedirs(folder, exist_ok=True)
        name = os.path.basename(src).split(".", 1)
        ext = name[1] if len(name) > 1 else "txt"
        dst = os.path.join(folder, f"report-{i:05}.{ext}")
        shutil.copyfile(src, dst)
        total += os.path.getsize(dst)
    return root, total


def measure(corpus, jobs, fmt):
    args = [BINARY, "check", "--format", fmt, "-j", str(jobs), corpus]
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(args, stdout=devnull, stderr=devnull)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"reportlint failed on {corpus} (exit {proc.returncode})")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return elapsed, rss


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--kinds", default="text,mixed")
    parser.add_argument("--format", default="json")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs = [int(j) for j in args.jobs.split(",")]
    print(f"reportlint check --format {args.format}, built-in pack, {os.cpu_count()} CPUs")
    print(f"{'corpus':<8} {'files':>6} {'MB':>7} {'jobs':>4} {'seconds':>8} {'MB/s':>7} "
          f"{'MB/s/thread':>11} {'files/s':>8} {'peak RSS MB':>11}")
    with tempfile.TemporaryDirectory(prefix="reportlint-bench-") as base:
        for kind in args.kinds.split(","):
            for size in sizes:
                corpus, total = make_corpus(base, kind, size)
                mb = total / 1e6
                for j in jobs:
                    measure(corpus, j, args.format)  # warm the page cache
                    elapsed, rss = measure(corpus, j, args.format)
                    print(f"{kind:<8} {size:>6} {mb:>7.1f} {j:>4} {elapsed:>8.2f} {mb / elapsed:>7.1f} "
                          f"{mb / elapsed / j:>11.1f} {size / elapsed:>8.0f} {rss / 2**20:>11.1f}")
                shutil.rmtree(corpus)


if __name__ == "__main__":
    main()
