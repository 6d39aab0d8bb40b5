#!/usr/bin/env bash
# The dataset output of the whole fixture set, for checking that a change of
# the writer leaves the bytes as they were:
#
#   scripts/golden-output.sh /tmp/before          # with the old binary
#   ... change, cargo build --release ...
#   scripts/golden-output.sh /tmp/after
#   diff -r /tmp/before /tmp/after                # nothing: same bytes
#
# Writes into OUT (emptied first): plain, --excel and --xlsx extracts (the
# workbook also unzipped, so a difference can be read), an --incremental
# re-run over an unchanged folder and one over a folder holding part of the
# inputs, a merge of two shards (plain and --excel), the --jsonl stream and
# each command's exit status. Paths in the output are relative to the
# repository, so the script runs from its root. BIN overrides the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: scripts/golden-output.sh OUT_DIR}
BIN=${BIN:-target/release/kehoach}
rm -rf "$OUT"
mkdir -p "$OUT"
INPUTS=(fixtures/pdf fixtures/legacy fixtures/scan fixtures/broken)
SHARD_A=(fixtures/pdf)
SHARD_B=(fixtures/legacy fixtures/scan fixtures/broken)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status() { echo "$1 $2" >>"$OUT/status.txt"; }

run() { # name, then kehoach arguments; stdout kept only for --jsonl
    local name=$1 rc=0
    shift
    "$BIN" "$@" >"$WORK/stdout" 2>/dev/null || rc=$?
    status "$name" "$rc"
}

run plain extract "${INPUTS[@]}" --out "$OUT/plain" --jobs 2
run excel extract "${INPUTS[@]}" --out "$OUT/excel" --jobs 2 --excel
run xlsx extract "${INPUTS[@]}" --out "$OUT/xlsx" --jobs 2 --xlsx
mkdir -p "$OUT/xlsx.unzipped"
(cd "$OUT/xlsx.unzipped" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(".")' ../xlsx/dataset.xlsx)

run jsonl extract "${INPUTS[@]}" --out "$WORK/jsonl" --jobs 2 --jsonl
cp "$WORK/stdout" "$OUT/jsonl.txt"

# --incremental over a folder of the same inputs: everything reused.
cp -a "$OUT/plain" "$OUT/incremental-same"
run incremental-same extract "${INPUTS[@]}" --out "$OUT/incremental-same" --jobs 2 --incremental
# --incremental over a folder holding one shard: the other converted.
run shard-a extract "${SHARD_A[@]}" --out "$OUT/incremental-part" --jobs 2
run incremental-part extract "${INPUTS[@]}" --out "$OUT/incremental-part" --jobs 2 --incremental --jsonl
cp "$WORK/stdout" "$OUT/incremental-part.jsonl.txt"

# merge of two shards, plain and --excel (with the workbook).
run shard-a extract "${SHARD_A[@]}" --out "$WORK/a" --jobs 2
run shard-b extract "${SHARD_B[@]}" --out "$WORK/b" --jobs 2
run merge merge "$OUT/merge" "$WORK/a" "$WORK/b"
run shard-a-excel extract "${SHARD_A[@]}" --out "$WORK/ax" --jobs 2 --excel
run shard-b-excel extract "${SHARD_B[@]}" --out "$WORK/bx" --jobs 2 --excel
run merge-excel merge "$OUT/merge-excel" "$WORK/ax" "$WORK/bx" --xlsx
mkdir -p "$OUT/merge-excel.unzipped"
(cd "$OUT/merge-excel.unzipped" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(".")' ../merge-excel/dataset.xlsx)

run validate validate "$OUT/plain"
echo "golden output in $OUT"
