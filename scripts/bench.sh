#!/usr/bin/env bash
# Throughput benchmark: kehoach vs pdftotext on a corpus made from the fixtures.
#
#   scripts/bench.sh [N]      # N files (default 200) made from fixtures/pdf/*.pdf
#
# The corpus: each fixture in four byte-level variants made with qpdf (as
# written, linearised, object streams, uncompressed streams), then copied
# round-robin to N files, each with a unique trailing comment after %%EOF so
# every file has its own SHA-256 (identical files would be duplicates).
#
# Runs, on the same corpus: pdftotext (poppler, one process per file, one
# after the other), `kehoach extract` on 1 thread and on all cores, and an
# `--incremental` re-run over the unchanged corpus. Prints one row per run
# (files, pages, wall seconds, files/s, pages/s, peak RSS) and then the
# ratio kehoach/pdftotext (1 thread each), the multi-core scaling and the
# incremental re-run's share of the first run's time.
#
# Each run is repeated BENCH_REPEAT times (default 3) and the fastest is
# reported (with the largest peak RSS of the repeats): a shared machine's
# noise only ever slows a run down.
#
# Environment: BENCH_BIN (a kehoach binary to measure instead of building
# this checkout, e.g. an older commit's); BENCH_JOBS (default: nproc);
# BENCH_REPEAT (default 3); BENCH_KEEP=DIR keeps the corpus and outputs;
# BENCH_OCR=1 adds two rows (needs Tesseract): the scanned fixture (7 pages
# of OCR) placed first among the first 40 corpus files, converted on 1
# thread and on all cores: how well a long file at the head of the batch
# is shared between the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
JOBS=${BENCH_JOBS:-$(nproc)}
REPEAT=${BENCH_REPEAT:-3}

need() { # command, Debian package
  command -v "$1" >/dev/null && return 0
  echo "bench: installing $2" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo"
  $sudo apt-get install -y -qq "$2" >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq "$2" >/dev/null 2>&1; } || true
  command -v "$1" >/dev/null
}
need pdftotext poppler-utils || { echo "bench: pdftotext missing (apt-get install poppler-utils)" >&2; exit 2; }
HAVE_QPDF=1
need qpdf qpdf || { HAVE_QPDF=0; echo "bench: qpdf missing: corpus without qpdf variants" >&2; }

if [ -n "${BENCH_BIN:-}" ]; then
  BIN=$BENCH_BIN
else
  cargo build --release --quiet
  BIN=target/release/kehoach
fi
if [ -n "${BENCH_KEEP:-}" ]; then
  WORK=$BENCH_KEEP
  rm -rf "$WORK" && mkdir -p "$WORK"
else
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/corpus" "$WORK/variants"

# Variants of each fixture (different bytes, same content).
for f in fixtures/pdf/*.pdf; do
  b=$(basename "$f" .pdf)
  cp "$f" "$WORK/variants/$b.plain.pdf"
  if [ "$HAVE_QPDF" = 1 ]; then
    qpdf --linearize "$f" "$WORK/variants/$b.linear.pdf" 2>/dev/null || true
    qpdf --object-streams=generate "$f" "$WORK/variants/$b.objstm.pdf" 2>/dev/null || true
    qpdf --stream-data=uncompress --compress-streams=n "$f" "$WORK/variants/$b.raw.pdf" 2>/dev/null || true
  fi
done
mapfile -t SRC < <(ls "$WORK"/variants/*.pdf)
PAGES=0
declare -A PAGES_OF
for f in "${SRC[@]}"; do
  PAGES_OF[$f]=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
done
for ((i = 0; i < N; i++)); do
  f=${SRC[$((i % ${#SRC[@]}))]}
  dst=$(printf "%s/corpus/%05d-%s" "$WORK" "$i" "$(basename "$f")")
  { cat "$f"; printf '\n%% copy %d\n' "$i"; } >"$dst"
  PAGES=$((PAGES + ${PAGES_OF[$f]:-0}))
done

measure() { # label, command... (fastest of REPEAT runs, largest RSS)
  local label=$1; shift
  local t0 t1 best="" cpu=0 rss=0 r s c
  for ((k = 0; k < REPEAT; k++)); do
    t0=$(date +%s.%N)
    /usr/bin/time -f '%M %U %S' -o "$WORK/rss" "$@" >/dev/null 2>"$WORK/err" || true
    t1=$(date +%s.%N)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
    r=$(tail -n 1 "$WORK/rss" | awk '{print $1}')
    c=$(tail -n 1 "$WORK/rss" | awk '{print $2 + $3}')
    [ "$r" -gt "$rss" ] && rss=$r
    if [ -z "$best" ] || awk -v s="$s" -v b="$best" 'BEGIN { exit !(s < b) }'; then best=$s; cpu=$c; fi
  done
  awk -v l="$label" -v n="$N" -v p="$PAGES" -v s="$best" -v r="$rss" -v c="$cpu" \
    'BEGIN { printf "%-26s %6d %7d %8.2f %8.2f %8.1f %9.1f %8.1f\n", l, n, p, s, c, n / s, p / s, r / 1024 }'
}
secs() { awk '{print $(NF-4)}' <<<"$1"; }
cpus() { awk '{print $(NF-3)}' <<<"$1"; }
pps() { awk '{print $(NF-1)}' <<<"$1"; }

# OCR section: BENCH_OCR_PAGES=1 scripts/bench.sh times only the OCR of
# scanned pages (BENCH_OCR_PDF, default the scanned fixture), one thread,
# in seconds per page: kehoach (renders at a whole multiple of the scan's
# resolution, reads ruled cells line by line) against the bare floor on the
# same pages (pdftoppm at the same dpi + one `tesseract -l vie` per page,
# OMP_THREAD_LIMIT=1) and against `ocrmypdf -l vie` + pdftotext.
if [ "${BENCH_OCR_PAGES:-0}" = 1 ]; then
  SCAN=${BENCH_OCR_PDF:-fixtures/scan/tasks-2024-scan.pdf}
  if ! command -v tesseract >/dev/null || ! command -v pdftoppm >/dev/null; then
    echo "bench: BENCH_OCR_PAGES=1 needs tesseract and pdftoppm" >&2
    exit 1
  fi
  NP=$(pdfinfo "$SCAN" | awk '/^Pages:/ {print $2}')
  # The scan's resolution (first image) and kehoach's render dpi for it.
  SDPI=$(pdfimages -list "$SCAN" 2>/dev/null | awk 'NR == 3 {print $13}')
  DPI=$(awk -v s="${SDPI:-300}" 'BEGIN { w = 300; if (s >= w) d = s / int(s / w); else d = s * int((w + s - 1) / s); print int(d + 0.5) }')
  export OMP_THREAD_LIMIT=1
  mkdir -p "$WORK/floor" "$WORK/ocrmypdf"
  floor() {
    for ((p = 1; p <= NP; p++)); do
      pdftoppm -r "$DPI" -gray -f "$p" -l "$p" -singlefile "$SCAN" "$WORK/floor/p"
      tesseract "$WORK/floor/p.pgm" "$WORK/floor/p$p" -l vie >/dev/null 2>&1
    done
  }
  ocrmypdf_run() {
    ocrmypdf -q -l vie --jobs 1 --force-ocr "$SCAN" "$WORK/ocrmypdf/out.pdf" &&
      pdftotext "$WORK/ocrmypdf/out.pdf" "$WORK/ocrmypdf/out.txt"
  }
  export -f floor ocrmypdf_run
  export NP DPI SCAN WORK
  N=1 PAGES=$NP
  echo "OCR: $SCAN, $NP pages, scan ${SDPI:-?} dpi rendered at $DPI dpi, 1 thread, best of $REPEAT"
  printf "%-26s %6s %7s %8s %8s %8s %9s %8s\n" run files pages seconds cpu_s files/s pages/s rss_MB
  KO=$(measure "kehoach --jobs 1" "$BIN" extract "$SCAN" --out "$WORK/ocrk" --jobs 1 --ocr auto)
  echo "$KO"
  FO=$(measure "floor pdftoppm+tesseract" bash -c floor)
  echo "$FO"
  MO=""
  if command -v ocrmypdf >/dev/null; then
    MO=$(measure "ocrmypdf + pdftotext" bash -c ocrmypdf_run)
    echo "$MO"
  else
    echo "bench: ocrmypdf missing (apt-get install -y ocrmypdf): its row skipped" >&2
  fi
  awk -v k="$(secs "$KO")" -v f="$(secs "$FO")" -v m="$( [ -n "$MO" ] && secs "$MO")" -v n="$NP" \
    -v kc="$(cpus "$KO")" -v fc="$(cpus "$FO")" \
    'BEGIN { printf "s/page: kehoach %.2f, floor %.2f, ratio %.2f (CPU %.2f)", k / n, f / n, k / f, kc / fc;
             if (m != "") printf ", ocrmypdf %.2f (kehoach/ocrmypdf %.2f)", m / n, k / m; printf "\n" }'
  exit 0
fi
echo "corpus: $N files, $PAGES pages, ${#SRC[@]} variants of $(ls fixtures/pdf/*.pdf | wc -l) fixtures; $(nproc) cores"
printf "%-26s %6s %7s %8s %8s %8s %9s %8s\n" run files pages seconds cpu_s files/s pages/s rss_MB
PT=$(measure "pdftotext (1 process/file)" bash -c "for f in $WORK/corpus/*.pdf; do pdftotext -q \"\$f\" /dev/null; done")
echo "$PT"
K1=$(measure "kehoach --jobs 1" "$BIN" extract "$WORK/corpus" --out "$WORK/out1" --jobs 1 --ocr never)
echo "$K1"
KN=$(measure "kehoach --jobs $JOBS" "$BIN" extract "$WORK/corpus" --out "$WORK/outN" --jobs "$JOBS" --ocr never)
echo "$KN"
KI=$(measure "kehoach --incremental" "$BIN" extract "$WORK/corpus" --out "$WORK/outN" --jobs "$JOBS" --ocr never --incremental)
echo "$KI"
if [ "${BENCH_OCR:-0}" = 1 ]; then
  if command -v tesseract >/dev/null && command -v pdftoppm >/dev/null; then
    mkdir -p "$WORK/ocrmix"
    cp fixtures/scan/tasks-2024-scan.pdf "$WORK/ocrmix/0000-scan.pdf"
    OCR_PAGES=$(pdfinfo fixtures/scan/tasks-2024-scan.pdf | awk '/^Pages:/ {print $2}')
    mapfile -t FIRST < <(ls "$WORK/corpus" | head -n 40)
    for f in "${FIRST[@]}"; do
      cp "$WORK/corpus/$f" "$WORK/ocrmix/$f"
      OCR_PAGES=$((OCR_PAGES + $(pdfinfo "$WORK/corpus/$f" | awk '/^Pages:/ {print $2}')))
    done
    SAVE_N=$N SAVE_PAGES=$PAGES
    N=$((${#FIRST[@]} + 1)) PAGES=$OCR_PAGES
    O1=$(measure "OCR mix --jobs 1" "$BIN" extract "$WORK/ocrmix" --out "$WORK/ocr1" --jobs 1 --ocr auto)
    echo "$O1"
    ON=$(measure "OCR mix --jobs $JOBS" "$BIN" extract "$WORK/ocrmix" --out "$WORK/ocrN" --jobs "$JOBS" --ocr auto)
    echo "$ON"
    N=$SAVE_N PAGES=$SAVE_PAGES
    awk -v a="$(secs "$O1")" -v b="$(secs "$ON")" -v j="$JOBS" \
      'BEGIN { printf "OCR mix scaling %d threads: %.2fx\n", j, a / b }'
  else
    echo "bench: BENCH_OCR=1 but tesseract/pdftoppm missing: OCR rows skipped" >&2
  fi
fi
if ! diff -rq "$WORK/out1" "$WORK/outN" >/dev/null; then
  echo "bench: WARNING: outputs of --jobs 1 and --jobs $JOBS differ" >&2
fi
awk -v a="$(pps "$PT")" -v b="$(pps "$K1")" -v c="$(pps "$KN")" -v s="$(secs "$KN")" -v i="$(secs "$KI")" -v j="$JOBS" \
  -v pc="$(cpus "$PT")" -v kc="$(cpus "$K1")" \
  'BEGIN { printf "ratio kehoach/pdftotext (1 thread): %.2f (CPU time: %.2f)   scaling %d threads: %.2fx   incremental re-run: %.1f %% of the first run\n", b / a, pc / kc, j, c / b, 100 * i / s }'
# On a virtual machine, the hypervisor's steal time (vmstat's `st`) slows
# wall-clock runs at random; cpu_s (user + system) is not affected by it.
if command -v vmstat >/dev/null; then
  echo "steal time now: $(vmstat 1 2 | tail -1 | awk '{print $NF}') %"
fi
