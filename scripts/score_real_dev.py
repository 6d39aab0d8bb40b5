#!/usr/bin/env python3
"""Table score of kehoach on the gold documents of ../shared/real-dev.

    python3 scripts/score_real_dev.py [--bin target/release/kehoach] [--strict] [NAME_PREFIX...]

Gold files: ../shared/real-dev/gold and tests/gold (gold written here for
real-dev files that had none). Converts each gold document (DOCX first turned into PDF with LibreOffice, kept
in target/real-dev-pdf/), runs `kehoach extract` over them into one dataset and
scores its tasks.csv as ../shared/real-dev/README.md defines: table score =
cell accuracy x row precision, per document. Cells compare after NFC and
whitespace folding, ignoring case and accents (the README's measure); with
--strict accents and case matter (what a reader sees).
"""
import argparse
import csv
import difflib
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "real-dev"


def fold(s, strict):
    s = " ".join(unicodedata.normalize("NFC", s or "").split())
    if strict:
        return s
    s = s.replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return s.casefold()


def stt_key(s, strict):
    return fold(s, strict).rstrip(".")


def pdf_for(gold, cache):
    src = DEV / "files" / gold["pdf"]
    if src.suffix.lower() == ".pdf":
        return src
    out = cache / (src.stem + ".pdf")
    if not out.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(cache), str(src)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out


def score_doc(gold, rows, strict, verbose):
    """rows: this document's tasks.csv rows (dicts)."""
    used = set()
    right = checked = matched = 0
    misses = []
    for t in gold["tables"]:
        roles = t["column_roles"]
        for g in t["rows"]:
            if g["is_group"] or g["is_summary"]:
                continue
            cells = g["cells"]
            gname = next((c for c, r in zip(cells, roles) if r == "name"), "")
            gstt = next((c for c, r in zip(cells, roles) if r == "stt"), "")
            # the cells this row is checked on
            want = []
            for c, r in zip(cells, roles):
                if r in ("stt", "name", "lead", "partners", "timeframe"):
                    want.append((r, c))
                elif c.strip():
                    want.append(("other", c))
            best, best_sim = None, 0.0
            for i, row in enumerate(rows):
                if i in used:
                    continue
                sim = difflib.SequenceMatcher(None, fold(gname, False), fold(row.get("name", ""), False)).ratio()
                if stt_key(gstt, False) == stt_key(row.get("stt", ""), False):
                    sim += 0.01
                if sim > best_sim:
                    best, best_sim = i, sim
            checked += len(want)
            if best is None or best_sim < 0.5:
                misses.append(f"missed row stt={gstt!r} name={gname[:60]!r}")
                continue
            used.add(best)
            matched += 1
            row = rows[best]
            try:
                extra = json.loads(row.get("extra") or "{}")
            except ValueError:
                extra = {}
            extra_vals = [fold(str(v), strict) for v in extra.values()]
            for r, c in want:
                if r == "other":
                    ok = fold(c, strict) in extra_vals
                    got = "(extra)"
                elif r == "stt":
                    ok = stt_key(c, strict) == stt_key(row.get("stt", ""), strict)
                    got = row.get("stt", "")
                else:
                    got = row.get(r, "")
                    if r in ("lead", "partners"):
                        # the tool writes agencies ';'-separated
                        ok = fold(c, strict) == fold(got, strict) or \
                            fold(c, strict).replace(" ", "") == fold(got, strict).replace(";", ",").replace(" ", "") or \
                            fold(c, strict).replace(" ", "") == fold(got, strict).replace(";", "").replace(" ", "")
                    else:
                        ok = fold(c, strict) == fold(got, strict)
                right += ok
                if not ok:
                    misses.append(f"stt={gstt} {r}: want {c[:70]!r} got {got[:70]!r}")
    extra_rows = len(rows) - len(used)
    prec = matched / (matched + extra_rows) if matched + extra_rows else 0.0
    acc = right / checked if checked else 0.0
    if verbose:
        for m in misses[:40]:
            print("    " + m)
        for i, row in enumerate(rows):
            if i not in used:
                print(f"    extra tool row stt={row.get('stt')!r} name={row.get('name','')[:60]!r}")
    return acc, prec, matched, len(rows), checked


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/kehoach"))
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "target/real-dev-ds"))
    ap.add_argument("--reuse", action="store_true", help="score an existing --out dataset")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    golds = []
    # ../shared/real-dev's gold, and gold this project wrote for its files
    # that had none (tests/gold, same format).
    for p in sorted([*(DEV / "gold").glob("*.json"), *(ROOT / "tests" / "gold").glob("*.json")], key=lambda p: p.name):
        if a.names and not any(p.name.startswith(n) for n in a.names):
            continue
        golds.append((p.stem, json.loads(p.read_text())))
    cache = ROOT / "target" / "real-dev-pdf"
    pdfs = [pdf_for(g, cache) for _, g in golds]
    if not a.reuse:
        out = Path(a.out)
        if out.exists():
            shutil.rmtree(out)
        # --absolute-paths: source_file is the path given, to find each PDF's rows.
        subprocess.run([a.bin, "extract", *map(str, pdfs), "--out", str(out), "--absolute-paths"],
                       stdout=subprocess.DEVNULL)
    by_src = {}
    with open(Path(a.out) / "tasks.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            by_src.setdefault(row.get("source_file", ""), []).append(row)
    docs = {}
    with open(Path(a.out) / "documents.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            docs[row["source_file"]] = row["doc_id"]
    by_doc = {}
    with open(Path(a.out) / "tasks.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            by_doc.setdefault(row["doc_id"], []).append(row)
    total = []
    print(f"{'document':<58} {'score':>6} {'cells':>6} {'prec':>6} {'matched':>8} {'tool':>5}")
    for (name, g), pdf in zip(golds, pdfs):
        doc_id = docs.get(str(pdf))
        rows = by_doc.get(doc_id, [])
        if a.verbose:
            print(name)
        acc, prec, m, n, checked = score_doc(g, rows, a.strict, a.verbose)
        total.append(acc * prec)
        gold_rows = sum(1 for t in g["tables"] for r in t["rows"] if not r["is_group"] and not r["is_summary"])
        print(f"{name[:58]:<58} {acc*prec:6.3f} {acc:6.3f} {prec:6.3f} {m:>4}/{gold_rows:<3} {n:>5}")
    if total:
        print(f"{'mean':<58} {sum(total)/len(total):6.3f}")


if __name__ == "__main__":
    sys.exit(main())
