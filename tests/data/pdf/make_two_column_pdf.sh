#!/usr/bin/env bash
# Prints a gazette text as a two-column PDF, the way gazettes are published:
# two columns (CSS column-count), the gazette's name as a running header and
# "— N —" page numbers as footers on every page. Each line of the text is a
# line (or, when longer than the column, a wrapped paragraph) of the PDF; a
# blank line is an empty line. Used by ctest as a fixture (tests/CMakeLists.txt)
# for pdf_two_column_test: extracting the PDF must give the documents and
# edges that extracting the text gives.
#   bash make_two_column_pdf.sh GAZETTE.txt OUT.pdf "RUNNING HEADER"
# Needs chromium (headless) and fonts-noto-cjk, both in scripts/setup.sh.
set -euo pipefail
text=$1 out=$2 header=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
html=$work/gazette.html
{
  cat <<HTML
<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>gazette</title>
<style>
@page {
  size: A4; margin: 24mm 18mm 22mm 18mm;
  @top-center { content: "$header"; font: 9pt "Noto Serif CJK SC", serif; }
  @bottom-center { content: "— " counter(page) " —"; font: 9pt "Noto Serif CJK SC", serif; }
}
html, body { margin: 0; }
body { font: 10pt/1.6 "Noto Serif CJK SC", serif; column-count: 2; column-gap: 12mm;
       text-align: justify; }
p { margin: 0; }
</style></head><body>
HTML
  # One <p> per line: &, < and > escaped; a blank line keeps its height.
  sed -e 's/\r$//' -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
      -e 's|^[[:space:]]*$|<p><br></p>|' -e '/^<p><br><\/p>$/!s|.*|<p>&</p>|' "$text"
  echo '</body></html>'
} >"$html"
# A profile of its own, so that runs in parallel and a user's chromium do
# not meet.
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --user-data-dir="$work/profile" --print-to-pdf="$out" "file://$html" >"$work/log" 2>&1 || {
  cat "$work/log" >&2
  exit 1
}
test -s "$out" || { echo "make_two_column_pdf: chromium wrote no PDF" >&2; exit 1; }
