#!/usr/bin/env python3
"""Writes the peer rule set (30 rules) as a reportlint rule pack.

    python3 benches/peer_pack.py [RULES_TSV] [OUT_DIR]

RULES_TSV defaults to rules.tsv in the peer set's folder: REPORTLINT_PEER_SET,
else ../shared/bench beside the repository (the single source from which every
peer's configuration is made), OUT_DIR to
benches/peer. Each row becomes one `pattern` rule over the whole report
(`scope: all`, as ripgrep sees the whole file):

- `sub`    a literal phrase, with a safe fix to the replacement;
- `forbid` a literal phrase, no fix;
- `regex`  the regular expression as written, with a safe fix when the row
  has a replacement (`$1` refers to a capture group, as in ripgrep).

Only the Python standard library is used.
"""

import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The peer set's folder: REPORTLINT_PEER_SET, else ../shared/bench beside
# the repository.
PEER_SET = os.environ.get(
    "REPORTLINT_PEER_SET", os.path.join(os.path.dirname(ROOT), "shared", "bench")
)
DEFAULT_TSV = os.path.join(PEER_SET, "rules.tsv")


def quote(s):
    return "'" + s.replace("'", "''") + "'"


def rows(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            rule_id, kind, pattern, replacement, message = line.split("\t")
            yield rule_id, kind, pattern, replacement, message


def pack(tsv):
    out = [
        "# 由 benches/peer_pack.py 从对比用的 30 条规则生成，不要手改。",
        "pack: {id: peer, name: 对比用的 30 条规则}",
        "rules:",
    ]
    for rule_id, kind, pattern, replacement, message in rows(tsv):
        if kind in ("sub", "forbid"):
            regex = re.escape(pattern)
        elif kind == "regex":
            regex = pattern
        else:
            sys.exit(f"{tsv}: unknown kind {kind!r} in {rule_id}")
        check = f"{{kind: pattern, scope: all, regex: {quote(regex)}"
        if replacement != "-":
            check += f", fix: {{replace: {quote(replacement)}, safe: true}}"
        check += "}"
        out += [
            f"  - id: {rule_id}",
            f"    title: {quote(message)}",
            "    severity: warning",
            f"    message: {quote(message)}",
            f"    check: {check}",
        ]
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", nargs="?", default=DEFAULT_TSV, help="the rule set (rules.tsv)")
    parser.add_argument("out_dir", nargs="?", default=os.path.join(ROOT, "benches", "peer"),
                        help="the folder pack.yaml is written to")
    args = parser.parse_args()
    # The whole pack is made before the file is opened, so that a missing
    # or malformed rule set leaves the pack there as it was.
    try:
        text = pack(args.tsv)
    except OSError as e:
        sys.exit(f"cannot read the rule set: {e}")
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "pack.yaml"), "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
