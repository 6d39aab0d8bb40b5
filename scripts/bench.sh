#!/usr/bin/env bash
# Throughput benchmark: kehoach vs pdftotext on a corpus made from the fixtures.
#
#   scripts/bench.sh [N]      # N files (default 200), copies of fixtures/pdf/*.pdf
#
# Each copy gets a unique trailing comment after %%EOF so every file has its
# own SHA-256 (identical files would be reported as duplicates). Prints one
# table row per run: files, pages, wall seconds, pages/s, peak RSS, and the
# ratio of kehoach's pages/s to pdftotext's (single thread each).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
command -v pdftotext >/dev/null || { echo "bench: pdftotext missing (apt-get install poppler-utils)" >&2; exit 2; }
cargo build --release --quiet
BIN=target/release/kehoach
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/corpus"
mapfile -t SRC < <(ls fixtures/pdf/*.pdf)
PAGES=0
for ((i = 0; i < N; i++)); do
  f=${SRC[$((i % ${#SRC[@]}))]}
  dst=$(printf "%s/corpus/%05d-%s" "$WORK" "$i" "$(basename "$f")")
  { cat "$f"; printf '\n%% copy %d\n' "$i"; } >"$dst"
done
for f in "$WORK"/corpus/*.pdf; do
  PAGES=$((PAGES + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')))
done
measure() { # label, command...
  local label=$1; shift
  local t0 t1 rss
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >/dev/null 2>"$WORK/err" || true
  t1=$(date +%s.%N)
  rss=$(tail -n 1 "$WORK/rss")
  awk -v l="$label" -v n="$N" -v p="$PAGES" -v a="$t0" -v b="$t1" -v r="$rss" \
    'BEGIN { s = b - a; printf "%-22s %6d %7d %8.2f %9.1f %8.1f\n", l, n, p, s, p / s, r / 1024 }'
}
printf "%-22s %6s %7s %8s %9s %8s\n" run files pages seconds pages/s rss_MB
PT=$(measure "pdftotext (1 thread)" bash -c "for f in $WORK/corpus/*.pdf; do pdftotext -q \"\$f\" /dev/null; done")
echo "$PT"
K1=$(measure "kehoach --jobs 1" "$BIN" extract "$WORK/corpus" --out "$WORK/out1" --jobs 1 --ocr never)
echo "$K1"
K2=$(measure "kehoach --jobs $(nproc)" "$BIN" extract "$WORK/corpus" --out "$WORK/out2" --ocr never)
echo "$K2"
awk -v a="$(echo "$PT" | awk '{print $(NF-1)}')" -v b="$(echo "$K1" | awk '{print $(NF-1)}')" \
  -v c="$(echo "$K2" | awk '{print $(NF-1)}')" \
  'BEGIN { printf "ratio kehoach/pdftotext (1 thread): %.2f   scaling %d cores: %.2fx\n", b / a, '"$(nproc)"', c / b }'
