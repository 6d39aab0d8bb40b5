#!/usr/bin/env bash
# Installs the optional system tools kehoach uses when present:
#   poppler-utils (pdftoppm)                 – renders scanned pages for OCR
#   tesseract-ocr + tesseract-ocr-vie        – OCR of scanned pages
#   tesseract-ocr-eng                        – re-reads row numbers in cells
#   frictionless (pip)                       – reference validator for the tests
#   frictionless-ckan-mapper (pip)           – the portal (CKAN) mapping test
#   chromium                                 – headless browser for the review report tests
# kehoach builds and runs without them (scanned pages then get a warning that
# says what to install). Safe to run more than once; never fails the caller
# for lack of root or network.
set -u
need=()
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
if command -v tesseract >/dev/null 2>&1; then
  tesseract --list-langs 2>/dev/null | grep -qx vie || need+=(tesseract-ocr-vie)
  tesseract --list-langs 2>/dev/null | grep -qx eng || need+=(tesseract-ocr-eng)
else
  need+=(tesseract-ocr-vie tesseract-ocr-eng)
fi
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need[*]}" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null 2>&1 \
      || echo "setup: could not install ${need[*]} (OCR of scanned pages will be skipped with a warning)" >&2
  else
    echo "setup: optional tools missing: ${need[*]} (install them for OCR of scanned pages)" >&2
  fi
fi
# The reference Frictionless validator, used by the tests to check datapackage.json.
if ! command -v frictionless >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
  echo "setup: installing frictionless (pip)" >&2
  python3 -m pip install -q frictionless >/dev/null 2>&1 \
    || echo "setup: could not install frictionless (its test will report itself skipped)" >&2
fi
# The Frictionless → CKAN mapper, used by a test to check the portal mapping.
if command -v python3 >/dev/null 2>&1 && ! python3 -c "import frictionless_ckan_mapper" 2>/dev/null; then
  echo "setup: installing frictionless-ckan-mapper (pip)" >&2
  python3 -m pip install -q frictionless-ckan-mapper >/dev/null 2>&1 \
    || echo "setup: could not install frictionless-ckan-mapper (its test will report itself skipped)" >&2
fi
exit 0
