#!/usr/bin/env bash
# Runs scripts/spark/convert.py on a local Spark (pip install pyspark; Java 17)
# over the fixtures and checks that the merged dataset has the same bytes as
# one `kehoach extract` run. Not part of `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c "import pyspark" 2>/dev/null || { echo "SKIP: pyspark not installed"; exit 0; }
if [ -z "${KEHOACH_BIN:-}" ]; then
  cargo build --release --quiet
  KEHOACH_BIN="${CARGO_TARGET_DIR:-target}/release/kehoach"
fi
bin="$(cd "$(dirname "$KEHOACH_BIN")" && pwd)/$(basename "$KEHOACH_BIN")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin" extract fixtures/pdf fixtures/broken --out "$tmp/single" --ocr never >/dev/null 2>&1 || [ $? -eq 1 ]
ls fixtures/pdf/*.pdf fixtures/broken/*.pdf > "$tmp/paths.txt"
run() {
  python3 scripts/spark/convert.py --master 'local[2]' --paths "$tmp/paths.txt" \
    --shards "$tmp/shards" --out "$tmp/merged" --partitions 3 --kehoach "$bin" \
    --cwd "$PWD" "$@" -- --ocr never
}
run 2>"$tmp/log1" || { tail -20 "$tmp/log1"; exit 1; }
diff -r "$tmp/single" "$tmp/merged"
echo "PASS: merged Spark shards == single extract run"
run --incremental 2>"$tmp/log2" || { tail -20 "$tmp/log2"; exit 1; }
diff -r "$tmp/single" "$tmp/merged"
echo "PASS: incremental Spark re-run == single extract run"
