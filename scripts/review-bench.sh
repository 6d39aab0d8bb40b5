#!/usr/bin/env bash
# Size of the review report and how long it takes to write and to open, for
# the fixture dataset and for a dataset of N documents (default 500: copies
# of the text fixtures, each made distinct by a trailing PDF comment).
#
#   scripts/review-bench.sh [N]
#
# Open time: headless Chromium loading the page until its scripts are done
# (`--dump-dom`), minus the same browser's time for an empty page, median of
# 3. Needs the release binary (cargo build --release), pdftoppm and chromium.
set -eu
cd "$(dirname "$0")/.."
N=${1:-500}
BIN=$PWD/target/release/kehoach
BROWSER=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }

open_s() { # median seconds for Chromium to load $1 and run its scripts
  local page=$1 t ts=()
  for _ in 1 2 3; do
    t=$(now)
    "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run \
      --disable-background-networking --disable-component-update \
      --user-data-dir="$W/profile" --dump-dom "$page" >/dev/null 2>&1
    ts+=("$(since "$t")")
  done
  printf '%s\n' "${ts[@]}" | sort -n | sed -n 2p
}

bench() { # name dataset
  local name=$1 ds=$2 t
  for mode in images no-images; do
    local out="$W/report-$name-$mode" extra=()
    [ "$mode" = no-images ] && extra=(--no-images)
    t=$(now)
    "$BIN" review "$ds" --out "$out" "${extra[@]}" >/dev/null 2>&1
    local write_s
    write_s=$(since "$t")
    local size files big
    size=$(du -sk "$out" | cut -f1)
    files=$(find "$out" -type f | wc -l)
    big=$(ls -S "$out"/docs/*.html | head -1)
    local line="$name ($mode): write ${write_s} s, ${size} KiB in ${files} files, index.html $(du -k "$out/index.html" | cut -f1) KiB, largest page $(du -k "$big" | cut -f1) KiB"
    if [ -n "$BROWSER" ]; then
      line="$line; open index $(python3 -c "print(f'{max(0.0, $(open_s "file://$out/index.html") - $BLANK):.2f}')") s, largest page $(python3 -c "print(f'{max(0.0, $(open_s "file://$big") - $BLANK):.2f}')") s"
    fi
    echo "$line"
  done
}

BLANK=0
if [ -n "$BROWSER" ]; then
  echo '<!doctype html><title>blank</title>' > "$W/blank.html"
  BLANK=$(open_s "file://$W/blank.html")
  echo "chromium, empty page: $BLANK s (subtracted below)"
else
  echo "chromium not found: open times not measured"
fi

"$BIN" extract fixtures/pdf fixtures/scan fixtures/legacy --out "$W/fixtures" -q >/dev/null 2>&1 || true
bench fixtures "$W/fixtures"

mkdir -p "$W/in"
i=0
while [ "$i" -lt "$N" ]; do
  for f in fixtures/pdf/*.pdf; do
    [ "$i" -lt "$N" ] || break
    { cat "$f"; printf '\n%% copy %d\n' "$i"; } > "$W/in/$(printf '%04d' "$i")-$(basename "$f")"
    i=$((i + 1))
  done
done
"$BIN" extract "$W/in" --ocr never --out "$W/many" -q >/dev/null 2>&1 || true
bench "$N-docs" "$W/many"
