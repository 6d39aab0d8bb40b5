#!/usr/bin/env python3
"""Convert many PDFs with kehoach on a Spark cluster, then merge the shards.

Design: one dataset shard per Spark partition. Every PDF path is assigned to
a partition by a stable hash of the path, each partition pipes its paths into
`kehoach extract - --out SHARDS/part-NNNNN` (on the executor, using all of its
cores through --jobs), and the driver finally runs
`kehoach merge OUT SHARDS/part-*`, which gives exactly the bytes one
`kehoach extract` over all the paths would write.

Because a path always lands in the same shard, a re-run with --incremental
only converts new or changed PDFs (per shard), then merges again.

Requirements: the `kehoach` binary on every executor (--kehoach), the PDFs
and the SHARDS/OUT folders on a file system that the executors and the
driver share (NFS, Lustre, a mounted bucket...). `source_file` in the
dataset is the path as listed, so list the paths as you want them recorded
(relative paths are taken from --cwd on every node).

Usage:
  spark-submit scripts/spark/convert.py --paths paths.txt --shards /shared/shards \
      --out /shared/dataset [--partitions 64] [--incremental] [--jobs 4] \
      [--kehoach /opt/kehoach/bin/kehoach] [--cwd /shared/archive] \
      [--jsonl /shared/documents-jsonl] [-- extra extract options...]

  paths.txt: one PDF path per line (or a folder: its *.pdf, recursively).
"""

import argparse
import os
import subprocess
import sys
import zlib


def list_paths(spec, cwd):
    """PDF paths from a list file or a folder (relative to cwd as given)."""
    full = os.path.join(cwd, spec)
    if os.path.isdir(full):
        out = []
        for root, _dirs, files in os.walk(full, followlinks=True):
            for f in files:
                if f.lower().endswith(".pdf"):
                    out.append(os.path.relpath(os.path.join(root, f), cwd)
                               if not os.path.isabs(spec) else os.path.join(root, f))
        return sorted(set(out))
    with open(full, encoding="utf-8") as fh:
        return sorted({l.rstrip("\r\n") for l in fh if l.strip()})


def shard_of(path, n):
    """Stable partition of a path (the same on every run and machine)."""
    return zlib.crc32(path.encode("utf-8")) % n


def run_shard(index, paths, a):
    """Runs kehoach extract over one partition's paths; yields one result."""
    paths = sorted(paths)
    shard = os.path.join(a.shards, "part-%05d" % index)
    if not paths:
        return
    cmd = [a.kehoach, "extract", "-", "--out", shard, "--jobs", str(a.jobs)]
    if a.incremental:
        cmd.append("--incremental")
    if a.jsonl:
        cmd.append("--jsonl")
    cmd += a.extra
    p = subprocess.run(cmd, input="\n".join(paths) + "\n", cwd=a.cwd,
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):  # 1: some inputs failed (recorded in errors.csv)
        raise RuntimeError("kehoach failed on %s (exit %d): %s"
                           % (shard, p.returncode, p.stderr[-2000:]))
    if a.jsonl:
        os.makedirs(a.jsonl, exist_ok=True)
        with open(os.path.join(a.jsonl, "part-%05d.jsonl" % index), "w",
                  encoding="utf-8") as fh:
            fh.write(p.stdout)
    yield (index, shard, len(paths), p.returncode, p.stderr.strip().splitlines()[-1:])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--paths", required=True, help="file of PDF paths, or a folder")
    ap.add_argument("--shards", required=True, help="shared folder for the shard datasets")
    ap.add_argument("--out", required=True, help="the merged dataset folder")
    ap.add_argument("--partitions", type=int, default=0,
                    help="shards (default: Spark's default parallelism)")
    ap.add_argument("--jobs", type=int, default=1, help="kehoach worker threads per task")
    ap.add_argument("--kehoach", default="kehoach", help="path of the kehoach binary")
    ap.add_argument("--cwd", default=os.getcwd(), help="folder relative paths start from")
    ap.add_argument("--incremental", action="store_true",
                    help="reuse what each shard already holds")
    ap.add_argument("--jsonl", help="also write each shard's JSON lines to this folder")
    ap.add_argument("--master", help="Spark master (default: from spark-submit)")
    ap.add_argument("extra", nargs="*", help="extra `kehoach extract` options (after --)")
    a = ap.parse_args(argv)
    a.shards = os.path.abspath(a.shards)
    a.out = os.path.abspath(a.out)
    a.cwd = os.path.abspath(a.cwd)

    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName("kehoach-convert")
    if a.master:
        b = b.master(a.master)
    spark = b.getOrCreate()
    sc = spark.sparkContext
    n = a.partitions or sc.defaultParallelism
    paths = list_paths(a.paths, a.cwd)
    os.makedirs(a.shards, exist_ok=True)
    results = (
        sc.parallelize(paths, n)
        .map(lambda p: (shard_of(p, n), p))
        .partitionBy(n, lambda k: k)
        .values()
        .mapPartitionsWithIndex(lambda i, it: run_shard(i, list(it), a))
        .collect()
    )
    spark.stop()
    for index, shard, count, rc, tail in sorted(results):
        print("shard %d: %d PDFs, exit %d: %s" % (index, count, rc, " ".join(tail)),
              file=sys.stderr)
    shards = [s for _i, s, _n, _rc, _t in sorted(results)]
    # Shards of earlier runs that got no paths this time would bring back
    # inputs no longer listed: merge only this run's shards.
    cmd = [a.kehoach, "merge", a.out] + shards
    p = subprocess.run(cmd, cwd=a.cwd)
    # 1: some inputs failed; they are recorded in OUT/errors.csv.
    return 0 if p.returncode in (0, 1) else p.returncode


if __name__ == "__main__":
    sys.exit(main())
