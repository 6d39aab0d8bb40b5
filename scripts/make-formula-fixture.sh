#!/usr/bin/env bash
# fixtures/hostile/formula.pdf: a plan whose task table holds cells that a
# spreadsheet would run as formulas (=1+1, =HYPERLINK(...), +1+1, @SUM, -1+1,
# =A1), typeset from fixtures/hostile/formula.html by LibreOffice Writer/Web.
set -euo pipefail
cd "$(dirname "$0")/../fixtures/hostile"
soffice --headless --convert-to pdf:writer_web_pdf_Export formula.html >/dev/null
