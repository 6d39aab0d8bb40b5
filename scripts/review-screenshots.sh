#!/usr/bin/env bash
# Writes screenshots of the review report (the fixture dataset's index and a
# document page with an outlined row) to docs/review/, with headless
# Chromium (scripts/setup.sh installs it). Run from the repository root.
set -eu
cd "$(dirname "$0")/.."
KEHOACH_REVIEW_SHOTS="$PWD/docs/review" cargo test --release --test review \
  rows_with_boxes_are_outlined -- --nocapture
ls -l docs/review/*.png
