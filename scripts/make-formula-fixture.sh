#!/usr/bin/env bash
# fixtures/spreadsheet/formula.pdf: a plan whose task table holds cells that a
# spreadsheet would run as formulas (=1+1, =HYPERLINK(...), +1+1, @SUM, -1+1,
# =A1), typeset from fixtures/spreadsheet/formula.html by LibreOffice Writer/Web.
set -euo pipefail
cd "$(dirname "$0")/../fixtures/spreadsheet"
soffice --headless --convert-to pdf:writer_web_pdf_Export formula.html >/dev/null
