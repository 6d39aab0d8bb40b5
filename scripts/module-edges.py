#!/usr/bin/env python3
"""Lists the import edges between kehoach's modules and fails on a cycle.

    python3 scripts/module-edges.py            # edges, then cycles (exit 1 if any)
    python3 scripts/module-edges.py --cycles   # only the cycles

A module is a top-level module of src/ (`pipeline`, `agency`, ...), except
that the files of src/dataset/ are one module each (`dataset::writer`, ...),
since the dataset layer must not import itself in a circle. An edge A -> B
is any `crate::B` or `super::B` path in A's code (uses and inline paths, doc
links excluded); unit tests (`#[cfg(test)] mod tests`, `tests.rs`) are left out.
"""
import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
SPLIT = {"dataset"}  # folders whose files are modules of their own


def module_of(path: Path) -> list[str]:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return parts


def node(parts: list[str]) -> str | None:
    if not parts or parts[0] in ("main", "lib"):
        return None
    if parts[0] in SPLIT and len(parts) > 1:
        return "::".join(parts[:2])
    return parts[0]


def code_of(text: str) -> str:
    cut = re.search(r"#\[cfg\(test\)\]\s*mod tests", text)
    if cut:
        text = text[: cut.start()]
    # Drop comments (doc links name modules without importing them).
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def edges() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in sorted(SRC.rglob("*.rs")):
        if f.name == "tests.rs" or "tests" in f.relative_to(SRC).parts:
            continue
        me = module_of(f)
        a = node(me)
        if a is None:
            continue
        code = code_of(f.read_text(encoding="utf-8"))
        targets = set()
        for m in re.finditer(r"\bcrate::([a-z_0-9]+)(?:::([a-z_0-9]+))?", code):
            targets.add(node([m.group(1)] + ([m.group(2)] if m.group(2) else [])))
        # `super::x` from a file of a folder: a sibling module.
        parent = me[:-1] if f.name != "mod.rs" else me
        for m in re.finditer(r"\bsuper::([a-z_0-9]+)", code):
            targets.add(node(parent + [m.group(1)]))
        # `use super::{a, b}` lists.
        for m in re.finditer(r"\bsuper::\{([^}]*)\}", code):
            for name in re.findall(r"\b([a-z_0-9]+)\b", m.group(1)):
                targets.add(node(parent + [name]))
        targets.discard(None)
        targets.discard(a)
        # Names under a split folder that are not files (re-exports) stay
        # with the folder's own node.
        out.setdefault(a, set()).update(t for t in targets if t)
    known = set(out)
    for a in out:
        out[a] = {t for t in out[a] if t in known or t.split("::")[0] not in SPLIT}
    return out


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    index, low, stack, on, res = {}, {}, [], set(), []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                strong(w)
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
                res.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            strong(v)
    return res


def main() -> int:
    g = edges()
    if "--cycles" not in sys.argv:
        for a in sorted(g):
            for b in sorted(g[a]):
                print(f"{a} -> {b}")
    found = cycles(g)
    for c in found:
        inner = [f"{a} -> {b}" for a in c for b in sorted(g[a]) if b in c]
        print("cycle: " + ", ".join(c) + "  (" + "; ".join(inner) + ")")
    if not found:
        print("no cycles", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
