#!/usr/bin/env python3
"""Cost of the comparison between the reports of one run (FZ075, 内容雷同).

    python3 benches/copied.py                      # 10,000 reports
    python3 benches/copied.py --size 2000 --formats json

Builds the release binary and writes a corpus of N reports of distinct units
from the committed text fixtures (the five seeds and the extra reports).
Unlike corpus.py, each report is another unit's: by default it is composed of
the template's headings and paragraphs of sentences drawn at random from the
fixtures, and a share of the reports (--copies, 10%) is an earlier report
under another unit's name with a few numbers changed — real pairs. With
--degenerate every report is one of the 11 fixtures under a unit name of its
own with a few numbers changed: about N / 11 near-identical reports per
fixture, the case of thousands of reports alike, which must stay bounded
(each report is compared with at most `max_partners` others).

Then runs `reportlint check --format json -j N DIR > /dev/null` with the
comparison (the default) and with `--ignore FZ075`, each once to warm the
page cache and once measured, and prints wall time, CPU time (user + system,
steadier than wall time on a busy machine), peak resident memory (wait4's
max RSS) and the ratio of the two. With --formats, also the peak memory of
the comparison in each output format.

This is a benchmark, not a test: it prints figures and asserts nothing.
Only the Python standard library is used.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import corpus  # noqa: E402
import vs_ripgrep  # noqa: E402

ROOT = corpus.ROOT
BINARY = corpus.BINARY
FILES_PER_DIR = corpus.FILES_PER_DIR
COUNTIES = "东西南北中上下前后左右新老大小长高平安和兴"
OFFICES = ["财政局", "教育局", "民政局", "司法局", "商务局", "水利局", "审计局", "统计局", "林业局", "人民政府"]


def sources():
    """The seed and extra reports as text (the corpus benchmark's `text` pool)."""
    return corpus.pool("text")


def issuers(paths):
    """The issuing body reportlint finds in each fixture (or None)."""
    out = subprocess.run(
        [BINARY, "check", "--no-config", "--format", "json", *paths], capture_output=True, check=False
    )
    files = json.loads(out.stdout)["files"]
    return [f.get("issuer") for f in files]


def unit(i):
    a, b = divmod(i, len(OFFICES))
    county = COUNTIES[a % len(COUNTIES)] + COUNTIES[(a // len(COUNTIES)) % len(COUNTIES)]
    return f"{county}{a // len(COUNTIES) ** 2 or ''}县{OFFICES[b]}"


def edit_numbers(text, rng):
    """Changes up to five numbers of the text."""
    spans = [m.span() for m in re.finditer(r"(?<!\d)\d{1,3}(?!\d)", text)]
    for start, end in sorted(rng.sample(spans, min(5, len(spans))), reverse=True):
        text = text[:start] + str(rng.randint(1, 999)) + text[end:]
    return text


def sentences(texts, names):
    """The sentences of the fixtures' bodies (lines after the title that are
    not headings), with their issuing bodies left out."""
    out = []
    for text, name in zip(texts, names):
        for line in text.splitlines()[1:]:
            if len(line) < 40 or re.match(r"^[一二三四五六七八九十]+、", line):
                continue
            for part in (name or "").split():
                line = line.replace(part, "本单位")
            out.extend(s + "。" for s in line.split("。") if len(s) >= 15)
    return out


HEADINGS = [
    "一、{year}年推进法治政府建设的主要举措和成效",
    "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "四、{next}年推进法治政府建设的主要安排",
]


def composed(unit_name, pool, rng):
    """A report of its own: the template's headings, paragraphs of
    sentences drawn from the pool."""
    year = rng.choice([2021, 2022, 2023])
    lines = [f"{unit_name}关于{year}年度法治政府建设情况的报告", ""]
    for h, heading in enumerate(HEADINGS):
        lines.append(heading.format(year=year, next=year + 1))
        for _ in range(4 if h == 0 else 2):
            lines.append("".join(rng.choice(pool) for _ in range(rng.randint(3, 6))))
    lines += ["", unit_name, f"{year + 1}年2月{rng.randint(1, 28)}日", ""]
    return "\n".join(lines)


def make_corpus(base, size, copies, degenerate):
    """N reports of distinct units. By default each is composed of its own
    sentences from the fixtures, and a share `copies` of them is a lightly
    edited copy of an earlier report under another unit's name; with
    `degenerate`, every report is a fixture under another unit's name with
    a few numbers changed (about N / 11 near-identical reports each)."""
    paths = sources()
    texts = [open(p, encoding="utf-8").read() for p in paths]
    names = issuers(paths)
    pool = sentences(texts, names)
    rng = random.Random(7)
    root = os.path.join(base, f"units-{size}")
    total = 0
    written = []
    for i in range(size):
        if degenerate:
            k = i % len(paths)
            text = texts[k]
            if names[k]:
                for part in names[k].split():
                    text = text.replace(part, unit(i))
            text = edit_numbers(text, rng)
        elif written and rng.random() < copies:
            j, original = rng.choice(written)
            text = edit_numbers(original.replace(unit(j), unit(i)), rng)
        else:
            text = composed(unit(i), pool, rng)
            if len(written) < 2000:
                written.append((i, text))
        folder = os.path.join(root, f"office-{i // FILES_PER_DIR:03}")
        if i % FILES_PER_DIR == 0:
            os.makedirs(folder, exist_ok=True)
        dst = os.path.join(folder, f"report-{i:05}.txt")
        with open(dst, "w", encoding="utf-8") as f:
            f.write(text)
        total += os.path.getsize(dst)
    return root, total


def measure(args):
    """Wall seconds, CPU seconds (user + system) and peak RSS in bytes."""
    wall, rss, cpu = vs_ripgrep.run(args)
    return wall, cpu, rss


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--formats", default="", help="e.g. human,json,sarif,junit,github,summary,csv,html,xlsx")
    parser.add_argument("--copies", type=float, default=0.1, help="share of reports copied from another")
    parser.add_argument("--degenerate", action="store_true", help="every report a copy of one of 11 fixtures")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory(prefix="reportlint-copied-") as base:
        folder, total = make_corpus(base, args.size, args.copies, args.degenerate)
        kind = "copies of 11 fixtures" if args.degenerate else f"{args.copies:.0%} copied"
        print(f"{args.size} reports of distinct units ({kind}), {total / 1e6:.1f} MB, -j {args.jobs}, "
              f"{os.cpu_count()} CPUs")
        base_args = [BINARY, "check", "--no-config", "-j", str(args.jobs)]
        runs = {
            "comparison on": base_args + ["--format", "json", folder],
            "comparison off (--ignore FZ075)": base_args + ["--format", "json", "--ignore", "FZ075", folder],
        }
        results = {}
        print(f"{'run':<34} {'seconds':>8} {'CPU s':>8} {'peak RSS MB':>11}")
        for name, cmd in runs.items():
            measure(cmd)  # warm the page cache
            results[name] = measure(cmd)
            wall, cpu, rss = results[name]
            print(f"{name:<34} {wall:>8.2f} {cpu:>8.2f} {rss / 2**20:>11.1f}")
        (w1, c1, _), (w0, c0, _) = results.values()
        print(f"ratio on/off: wall {w1 / w0:.2f}, CPU {c1 / c0:.2f}")
        for fmt in [f for f in args.formats.split(",") if f]:
            if fmt in ("html", "xlsx"):
                target = os.path.join(base, "out-html" if fmt == "html" else "out.xlsx")
                cmd = base_args + ["-q", "--format", "summary", "--output", f"{fmt}={target}", folder]
            else:
                cmd = base_args + ["--format", fmt, folder]
            wall, cpu, rss = measure(cmd)
            print(f"format {fmt:<27} {wall:>8.2f} {cpu:>8.2f} {rss / 2**20:>11.1f}")
        # Last: a child forked while this process holds the parsed output would
        # count the parent's memory in its own peak.
        out = subprocess.run(base_args + ["--format", "json", folder], capture_output=True, check=False)
        files = json.loads(out.stdout)["files"]
        paired = sum(1 for f in files if f.get("similar"))
        pairs = sum(len(f.get("similar", [])) for f in files) // 2
        print(f"reports with a partner: {paired}, pairs reported: {pairs}")


if __name__ == "__main__":
    main()
