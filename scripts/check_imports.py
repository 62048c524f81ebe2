#!/usr/bin/env python3
"""Arrows run one way between the files of a crate: no circle of imports.

  check_imports.py CRATE_DIR...        fails, printing each circle, when the files of a crate's src/ import each
                                       other in a circle; prints the number of files and arrows otherwise
  check_imports.py --report CRATE_DIR  prints every circle and exits 0 (to see where a crate stands)

A file imports another when it names an item of that file's module by a path: `use crate::a::b::C`,
`super::x(...)`, `self::y` — in `use` trees (braces expanded) and in code. Declaring a child module (`mod x;`)
is not an import, so a parent that only declares and re-exports is fine; a parent that re-exports a child's
item which that child's sibling then imports through the parent (`use super::Item`) closes a circle. Comments
and inline `#[cfg(test)] mod tests { … }` blocks are left out (their `super::*` is the file itself).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

Module = tuple[str, ...]

PATH = re.compile(r"\b(crate|super|self)((?:\s*::\s*(?:super\b|[A-Za-z_][A-Za-z0-9_]*))+)")
USE = re.compile(r"\buse\s+([A-Za-z_{][^;]*);", re.S)
CHILD_PATH = re.compile(r"(?<![A-Za-z0-9_:])([a-z_][a-z0-9_]*)\s*::")
INLINE_TESTS = re.compile(r"#\[cfg\(test\)\]\s*(?:pub\s+)?mod\s+\w+\s*\{")


def modules(src: Path) -> dict[Module, Path]:
    """Every module file of the crate rooted at src/lib.rs (or src/main.rs), by module path."""
    out: dict[Module, Path] = {}
    root = src / "lib.rs" if (src / "lib.rs").exists() else src / "main.rs"
    out[()] = root
    for f in sorted(src.rglob("*.rs")):
        rel = f.relative_to(src)
        if rel.parts[0] == "bin" or f == root or rel.as_posix() == "main.rs":
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "mod":
            parts.pop()
        out[tuple(parts)] = f
    return out


def strip(text: str) -> str:
    """The source without comments, string literals' contents and inline test modules."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    text = re.sub(r"//[^\n]*", "", text)
    m = INLINE_TESTS.search(text)
    if m:
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        text = text[: m.start()] + text[i:]
    return text


def expand(tree: str) -> list[str]:
    """`a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e` (whitespace removed, `as x` dropped)."""
    tree = re.sub(r"\s+as\s+\w+", "", tree)
    tree = re.sub(r"\s+", "", tree)
    i = tree.find("{")
    if i < 0:
        return [tree]
    head, body = tree[:i], tree[i + 1 : tree.rindex("}")]
    items, depth, start = [], 0, 0
    for j, ch in enumerate(body + ","):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            if body[start:j]:
                items.append(body[start:j])
            start = j + 1
    return [p for item in items for p in expand(head + item)]


def paths(text: str, children: frozenset[str] = frozenset()) -> list[str]:
    """The module paths a file names: `crate::`, `super::`, `self::` paths, and paths that start with one of
    its own child modules (`use child::Item`, `child::f()`), written as `self::child::…`."""
    text = strip(text)
    found = []
    for m in USE.finditer(text):
        for p in expand(m.group(1)):
            first = p.split("::")[0]
            if first in ("crate", "super", "self"):
                found.append(p)
            elif first in children:
                found.append("self::" + p)
    rest = USE.sub("", text)
    found += [re.sub(r"\s+", "", m.group(0)) for m in PATH.finditer(rest)]
    found += [f"self::{m.group(1)}" for m in CHILD_PATH.finditer(rest) if m.group(1) in children]
    return found


def resolve(path: str, here: Module, known: dict[Module, Path]) -> Module | None:
    """The module file a path names an item of (the longest module prefix), from module `here`."""
    segs = [s for s in path.split("::") if s]
    if not segs:
        return None
    if segs[0] == "crate":
        base: list[str] = []
        segs = segs[1:]
    else:
        base = list(here)
        while segs and segs[0] in ("self", "super"):
            if segs.pop(0) == "super":
                if not base:
                    return None
                base.pop()
    for n in range(len(segs), -1, -1):
        cand = tuple(base + segs[:n])
        if cand in known:
            return cand
    return None


def graph(src: Path) -> dict[Path, set[Path]]:
    known = modules(src)
    edges: dict[Path, set[Path]] = {f: set() for f in known.values()}
    for mod, f in known.items():
        children = frozenset(m[-1] for m in known if len(m) == len(mod) + 1 and m[: len(mod)] == mod)
        for p in paths(f.read_text(encoding="utf-8"), children):
            target = resolve(p, mod, known)
            if target is not None and known[target] != f:
                edges[f].add(known[target])
    return edges


def circles(edges: dict[Path, set[Path]]) -> list[list[Path]]:
    """The strongly connected components with more than one file (Tarjan)."""
    index: dict[Path, int] = {}
    low: dict[Path, int] = {}
    stack: list[Path] = []
    on: set[Path] = set()
    out: list[list[Path]] = []

    def visit(v: Path) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
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

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--report", action="store_true", help="print circles but do not fail")
    ap.add_argument("crates", nargs="+", type=Path)
    args = ap.parse_args()
    failed = False
    for crate in args.crates:
        src = crate / "src"
        edges = graph(src)
        found = circles(edges)
        arrows = sum(len(v) for v in edges.values())
        if not found:
            print(f"{crate}: {len(edges)} files, {arrows} arrows, one way")
            continue
        failed = True
        for comp in found:
            names = ", ".join(str(f.relative_to(src)) for f in comp)
            print(f"{crate}: {len(comp)} files import each other in a circle: {names}", file=sys.stderr)
    return 0 if args.report or not failed else 1


if __name__ == "__main__":
    sys.exit(main())
