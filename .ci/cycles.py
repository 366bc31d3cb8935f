#!/usr/bin/env python3
"""Prints the dependency graph between the top-level modules of src/ and
fails when it has a cycle.

An edge A -> B means a file of module A names `crate::B` (in a `use` line or
a path). Test code (`#[cfg(test)]` modules) is left out: tests may reach
across layers. Run from the repository root: `python3 .ci/cycles.py`.
"""
import os
import re
import sys

SRC = "src"
PATH = re.compile(r"\bcrate::([a-z_][a-z0-9_]*)")
GROUP = re.compile(r"\bcrate::\{([^}]*)\}")


def module_of(path):
    rel = os.path.relpath(path, SRC)
    first = rel.split(os.sep)[0]
    return first[:-3] if first.endswith(".rs") else first


def without_tests(text):
    """The text without `#[cfg(test)]` items (a module or a function)."""
    out, i = [], 0
    while True:
        j = text.find("#[cfg(test)]", i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:j])
        k = text.find("{", j)
        semi = text.find(";", j)
        if k < 0 or (0 <= semi < k):
            i = semi + 1 if semi >= 0 else len(text)
            continue
        depth, p = 0, k
        while p < len(text):
            if text[p] == "{":
                depth += 1
            elif text[p] == "}":
                depth -= 1
                if depth == 0:
                    break
            p += 1
        i = p + 1


def without_comments(text):
    return "\n".join(l.split("//")[0] for l in text.splitlines())


def graph():
    edges = {}
    for root, _, files in os.walk(SRC):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(root, name)
            src = module_of(path)
            if src in ("main", "lib"):
                continue
            with open(path, encoding="utf-8") as f:
                text = without_comments(without_tests(f.read()))
            targets = set(PATH.findall(text))
            for group in GROUP.findall(text):
                targets.update(re.findall(r"^\s*([a-z_][a-z0-9_]*)", g)[0]
                               for g in group.split(",") if g.strip())
            for t in targets:
                if t != src and t not in ("self", "super"):
                    edges.setdefault(src, set()).add(t)
            edges.setdefault(src, set())
    return edges


def cycles(edges):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    edges = graph()
    for src in sorted(edges):
        print(f"{src} -> {', '.join(sorted(edges[src])) or '(nothing)'}")
    found = cycles(edges)
    if not found:
        print("\nno cycle")
        return 0
    print()
    for comp in found:
        pairs = sorted(f"{a} <-> {b}" for a in comp for b in comp
                       if a < b and b in edges[a] and a in edges[b])
        print(f"cycle among {', '.join(comp)}" +
              (f" (both ways: {'; '.join(pairs)})" if pairs else ""))
    return 1


if __name__ == "__main__":
    sys.exit(main())
