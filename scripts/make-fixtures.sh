#!/usr/bin/env bash
# Regenerate every fixture PDF, expected output and broken input from fixtures/src.
# Needs: soffice (LibreOffice writer), python3; pip-installs reportlab if missing.
# Usage: scripts/make-fixtures.sh            (from anywhere; re-runnable)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python3}"
FX="$ROOT/scripts/fixtures"
SRC="$ROOT/fixtures/src"; PDF="$ROOT/fixtures/pdf"; EXP="$ROOT/fixtures/expected"; BRK="$ROOT/fixtures/broken"
mkdir -p "$PDF" "$EXP" "$BRK"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1704067200 TZ=UTC

# 1. LibreOffice producer: source -> Flat ODT -> PDF
lo() {  # lo SRC_STEM OUT_STEM [--borderless]
  "$PY" "$FX/fodt.py" "$SRC/$1.txt" "$WORK/$2.fodt" ${3:-}
  soffice -env:UserInstallation="file://$WORK/lo-profile" --headless --convert-to pdf \
    --outdir "$WORK" "$WORK/$2.fodt" >"$WORK/$2.log" 2>&1 || { cat "$WORK/$2.log"; exit 1; }
  cp "$WORK/$2.pdf" "$PDF/$2.pdf"
  "$PY" "$FX/pdfclean.py" "$PDF/$2.pdf"
}
for s in seed-000 seed-001 seed-002 seed-004 tasks-2024; do lo "$s" "$s"; done
lo tasks-2024 tasks-2024-borderless --borderless

# 2. ReportLab producer (and the NFD text layer)
"$PY" -c 'import reportlab' 2>/dev/null || "$PY" -m pip install -q 'reportlab==4.2.5'
"$PY" "$FX/rl_render.py" "$SRC/tasks-2024.txt" "$PDF/tasks-2024-reportlab.pdf"
"$PY" "$FX/rl_render.py" "$SRC/seed-002.txt" "$PDF/seed-002-reportlab.pdf"
"$PY" "$FX/rl_render.py" "$SRC/seed-002.txt" "$PDF/seed-002-nfd.pdf" --nfd

# 3. Expected outputs, from the sources (never from an extractor)
for s in seed-000 seed-001 seed-002 seed-004; do "$PY" "$FX/expected.py" "$SRC/$s.txt" "$EXP/$s.txt"; done
for v in seed-002-reportlab seed-002-nfd; do cp "$EXP/seed-002.txt" "$EXP/$v.txt"; done
for v in tasks-2024 tasks-2024-borderless tasks-2024-reportlab; do
  "$PY" "$FX/expected.py" "$SRC/tasks-2024.txt" "$EXP/$v.txt" --table "$EXP/$v.table.json"
done

# 4. Broken inputs
: > "$BRK/empty.pdf"
printf 'KẾ HOẠCH\nChuyển đổi số năm 2024\nĐây là một tệp văn bản thường, không phải tệp PDF.\n' > "$BRK/not-a-pdf.pdf"
size=$(stat -c %s "$PDF/seed-001.pdf"); head -c $(( size * 55 / 100 )) "$PDF/seed-001.pdf" > "$BRK/truncated.pdf"

# 5. Sanity checks (page numbers on top, orientation, rows split over pages)
"$PY" "$FX/check.py" "$PDF"/*.pdf
