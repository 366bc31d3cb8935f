#!/usr/bin/env python3
"""reportlint beside ripgrep on one corpus, and peak memory per output format.

    python3 benches/vs_ripgrep.py                    # 10,000 reports, -j 2
    python3 benches/vs_ripgrep.py --size 1000 --no-formats

Builds the release binary, writes the peer rule pack (benches/peer_pack.py,
the 30 rules of shared/bench/rules.tsv) and a corpus of N reports by copying
the five seed reports (benches/corpus.py), then runs on that one corpus:

- `rg -j J -c -f patterns.txt DIR` (the same 30 rules as regexes);
- `reportlint check -q --format json -j J --rules <peer pack> DIR`;
- `reportlint check -q --format json -j J DIR` (the full built-in pack);

each once to warm the page cache and then timed, printing wall time, MB/s of
input, CPU time (user + system, steadier than wall time on a busy machine),
peak resident memory (wait4, like /usr/bin/time -v) and the time as a
multiple of ripgrep's. Then it runs the full pack once for every output
format (human, json, sarif, junit, github, summary, csv on standard output,
and `--output html=DIR/`, `--output xlsx=FILE` beside `--format summary -q`)
and prints the peak memory and time of each. Last, the per-stage shares come
from `cargo bench --bench rule_kinds` (unless --no-stages), each also
as a share of parsing plus the full pack.

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

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import corpus  # noqa: E402
import peer_pack  # noqa: E402

ROOT = corpus.ROOT
BINARY = corpus.BINARY
PATTERNS = os.path.join(os.path.dirname(peer_pack.DEFAULT_TSV), "patterns.txt")


def run(args, out=os.devnull):
    """Wall seconds, peak RSS in bytes and CPU seconds (user + system) of one run."""
    start = time.perf_counter()
    with open(out, "wb") as stdout, open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(args, stdout=stdout, stderr=devnull)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(args)} failed (exit {code})")
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return elapsed, rss, usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="timed runs per tool (fastest is kept)")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--binary", default=BINARY, help="the reportlint binary to measure (implies --no-build)")
    parser.add_argument("--no-formats", action="store_true")
    parser.add_argument("--no-stages", action="store_true")
    args = parser.parse_args()
    rg = shutil.which("rg")
    if rg is None:
        sys.exit("ripgrep (rg) is not installed: apt-get install ripgrep")
    binary = os.path.abspath(args.binary)
    if not args.no_build and args.binary == BINARY:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    j = str(args.jobs)
    with tempfile.TemporaryDirectory(prefix="reportlint-vs-rg-") as base:
        peer = os.path.join(base, "peer")
        os.makedirs(peer)
        with open(os.path.join(peer, "pack.yaml"), "w", encoding="utf-8") as f:
            f.write(peer_pack.pack(peer_pack.DEFAULT_TSV))
        root, total = corpus.make_corpus(base, "seeds", args.size)
        mb = total / 1e6
        print(f"{args.size} reports ({mb:.1f} MB, the five seeds copied), -j {j}, {os.cpu_count()} CPUs")
        tools = [
            ("ripgrep, 30 rules", [rg, "-j", j, "-c", "-f", PATTERNS, root]),
            ("reportlint, 30 rules", [binary, "check", "-q", "--format", "json", "-j", j,
                                      "--no-config", "--rules", peer, root]),
            ("reportlint, built-in pack", [binary, "check", "-q", "--format", "json", "-j", j,
                                           "--no-config", root]),
        ]
        print(f"\n{'tool':<26} {'seconds':>8} {'MB/s':>7} {'CPU s':>7} {'peak RSS MB':>11} {'× ripgrep':>9}")
        base_time = None
        for name, cmd in tools:
            run(cmd)  # warm the page cache
            elapsed, rss, cpu = min(run(cmd) for _ in range(args.rounds))
            base_time = base_time or elapsed
            print(f"{name:<26} {elapsed:>8.2f} {mb / elapsed:>7.1f} {cpu:>7.2f} {rss / 2**20:>11.1f} "
                  f"{elapsed / base_time:>9.1f}")

        if not args.no_formats:
            print(f"\nbuilt-in pack, every output format ({args.size} reports)")
            print(f"{'format':<26} {'seconds':>8} {'MB/s':>7} {'CPU s':>7} {'peak RSS MB':>11} {'output MB':>9}")
            common = [binary, "check", "-j", j, "--no-config"]
            out_file = os.path.join(base, "stdout")
            runs = [(f, common + ["--format", f, root], out_file)
                    for f in ("human", "json", "sarif", "junit", "github", "summary", "csv")]
            html = os.path.join(base, "html") + os.sep
            xlsx = os.path.join(base, "out.xlsx")
            runs.append(("--output html=DIR/", common + ["-q", "--format", "summary",
                                                          "--output", f"html={html}", root], out_file))
            runs.append(("--output xlsx=FILE", common + ["-q", "--format", "summary",
                                                          "--output", f"xlsx={xlsx}", root], out_file))
            for name, cmd, out in runs:
                elapsed, rss, cpu = run(cmd, out)
                size = os.path.getsize(out)
                if name.startswith("--output html"):
                    size = sum(os.path.getsize(os.path.join(d, f))
                               for d, _, fs in os.walk(html) for f in fs)
                    shutil.rmtree(html)
                elif name.startswith("--output xlsx"):
                    size = os.path.getsize(xlsx)
                    os.remove(xlsx)
                print(f"{name:<26} {elapsed:>8.2f} {mb / elapsed:>7.1f} {cpu:>7.2f} {rss / 2**20:>11.1f} "
                      f"{size / 1e6:>9.1f}")
                os.remove(out)
        shutil.rmtree(root)
    if not args.no_stages:
        print("\nper stage, one thread (cargo bench --bench rule_kinds)", flush=True)
        bench = subprocess.run(
            ["cargo", "bench", "--quiet", "--bench", "rule_kinds"], cwd=ROOT, check=True, text=True,
            stdout=subprocess.PIPE,
            env=dict(os.environ, REPORTLINT_BENCH_ROUNDS=os.environ.get("REPORTLINT_BENCH_ROUNDS", "10")))
        print(bench.stdout)
        print_shares(bench.stdout)


def print_shares(text):
    """Each checking stage's time as a share of parsing plus the full pack."""
    stages = {}
    checking = False
    for line in text.splitlines():
        if line.startswith("checking"):
            checking = True
        parts = line.rsplit(" ms ", 1)
        if checking and len(parts) == 2:
            name, ms = parts[0].rsplit(None, 1)
            stages[name.strip()] = float(ms)
    full = stages.pop("parse + full built-in pack", None)
    if not full:
        return
    print("share of parse + full built-in pack (stages measured apart; they need not add up to 100%)")
    for name, ms in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"{name:<28} {100 * ms / full:>6.1f} %")


if __name__ == "__main__":
    main()
