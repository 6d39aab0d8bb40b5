#!/usr/bin/env python3
"""A quick mutation run over the release binary, for machines without
cargo-fuzz: each input is a fixture with a few random byte flips, a
truncation, or a PDF token spliced in; `kehoach extract --ocr never --time-limit 10`
must exit 0 or 1 (never a signal, never 101, no panic or internal error)
within the time limit.

    python3 fuzz/mutate.py SECONDS [FIXTURE...]

Findings (crashes, hangs) are written to fuzz/findings/ (not committed)."""
import os
import random
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "kehoach")
TOKENS = [b"/Fl", b"/AHx", b"/A85", b"/LZW", b"/RL", b"/DCT", b"1e40", b"99 0 R", b"<<", b">>",
          b"[", b"]", b"endstream", b"stream\n", b"/Annots [", b"/AP << /N ", b"/AS /On",
          b"beginbfrange", b"<0000> <FFFF> <0041>", b"/DecodeParms << /Predictor 15 /Columns 99999 >>",
          b"/Rotate ", b"-1", b"4294967296", b"/Length 0", b"BT", b"Tj", b"Do", b"q", b"Q", b"ID ", b" EI"]


def mutate(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        k = rng.random()
        if k < 0.4 and data:
            i = rng.randrange(len(data))
            data[i] = rng.randrange(256)
        elif k < 0.8:
            i = rng.randrange(len(data) + 1)
            data[i:i] = rng.choice(TOKENS)
        elif data:
            i = rng.randrange(len(data))
            del data[i:i + rng.randint(1, 64)]
    if rng.random() < 0.05:
        data = data[: rng.randrange(len(data) + 1)]
    return bytes(data)


def bad_run(p):
    """A signal, a panic exit, or a panic/internal row in errors.csv."""
    if p.returncode not in (0, 1):
        return True
    return b"panicked" in p.stderr or b"internal" in p.stderr


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60
    seeds = sys.argv[2:] or [os.path.join(ROOT, "fixtures", "hostile", f) for f in os.listdir(os.path.join(ROOT, "fixtures", "hostile")) if f.endswith(".pdf") and os.path.getsize(os.path.join(ROOT, "fixtures", "hostile", f)) < 200_000]
    datas = [open(s, "rb").read() for s in seeds]
    rng = random.Random(15)
    out = os.path.join(ROOT, "fuzz", "findings")
    tmp = os.path.join(out, "current.pdf")
    os.makedirs(out, exist_ok=True)
    end = time.time() + seconds
    runs = findings = 0
    slowest = 0.0
    while time.time() < end:
        data = mutate(rng.choice(datas), rng)
        with open(tmp, "wb") as f:
            f.write(data)
        t = time.time()
        try:
            p = subprocess.run([BIN, "extract", tmp, "--out", os.path.join(out, "ds"), "--jobs", "1",
                                "--ocr", "never", "--time-limit", "10"],
                               capture_output=True, timeout=30)
            bad = bad_run(p)
            why = "exit %d" % p.returncode
        except subprocess.TimeoutExpired:
            bad, why = True, "hang"
        slowest = max(slowest, time.time() - t)
        runs += 1
        if bad:
            findings += 1
            name = os.path.join(out, "finding-%d.pdf" % findings)
            os.replace(tmp, name)
            print("finding:", name, why, flush=True)
    print("runs %d, findings %d, slowest %.2f s" % (runs, findings, slowest))


if __name__ == "__main__":
    main()
