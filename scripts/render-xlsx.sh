#!/usr/bin/env bash
# Renders a dataset's dataset.xlsx as it prints, to look at the layout.
#
#   scripts/render-xlsx.sh DATASET_DIR OUTDIR
#
# Converts DATASET_DIR/dataset.xlsx to OUTDIR/dataset.pdf with headless
# LibreOffice (every sheet, with its page setup: A4, one page wide, header
# row repeated), then each page to OUTDIR/page-N.png at 60 dpi with
# pdftoppm. Needs soffice (LibreOffice) and pdftoppm (poppler-utils).
# A private LibreOffice profile under OUTDIR keeps a running instance or
# the user's settings out of the way.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 DATASET_DIR OUTDIR" >&2
    exit 2
fi
xlsx="$1/dataset.xlsx"
out="$2"
[ -f "$xlsx" ] || { echo "$xlsx: not found (run kehoach extract --xlsx)" >&2; exit 1; }
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "$tool not installed" >&2; exit 1; }
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"
profile="$out/.lo-profile"
soffice "-env:UserInstallation=file://$profile" --headless \
    --convert-to pdf --outdir "$out" "$xlsx" >/dev/null
rm -rf "$profile"
pdf="$out/dataset.pdf"
[ -f "$pdf" ] || { echo "LibreOffice wrote no $pdf" >&2; exit 1; }
rm -f "$out"/page-*.png
pdftoppm -png -r 60 "$pdf" "$out/page"
echo "$pdf"
ls "$out"/page-*.png
