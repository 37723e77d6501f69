#!/usr/bin/env bash
# Cuts the small PDFs of this folder from the real files of the shared corpus
# (../shared/corpus/pdf, see its SOURCES.md), so that the repository holds a
# few pages, not the whole files. Run from anywhere:
#   bash tests/data/pdf/cut_pdfs.sh [CORPUS_PDF_DIR]
# qpdf (Debian qpdf) keeps one copy of the fonts the pages share; Poppler's
# pdfseparate + pdfunite copy the document's whole font subsets into every
# page (the NHC pages below came to 5.4 MB that way, 0.4 MB with qpdf).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-$here/../../../../shared/corpus/pdf}

# cut SOURCE OUTPUT PAGES (qpdf's page list: 1-2,24)
cut() {
  qpdf --empty --pages "$corpus/$1" "$3" -- "$here/$2"
  echo "$2: pages $3 of $1, $(wc -c <"$here/$2") bytes"
}

# The 2018 Constitution: title, history note, dot-leader contents, preamble.
cut constitution_2018.pdf constitution_p1-2.pdf 1-2
# The Criminal Law reading copy: its title and history note with the
# amendments, the two-column contents with dot leaders, page numbers.
cut criminal_law_2020.pdf criminal_law_p1-3.pdf 1-3
# A county annual report: the Regulations it cites, tables, "-1-" footers.
cut hongze_disclosure_report_2023.pdf hongze_2023_p1-2.pdf 1-2
# The 印发 notice (联防联控机制综发〔2022〕71号) and the start of its plan,
# the plan's list of annexes, and the first annex table.
cut nhc_covid_prevention_plan_v9_2022.pdf nhc_plan_v9_p1-2_24_38.pdf 1-2,24,38

# An encrypted PDF (user and owner password "secret") of one line of text,
# for the reader's error: a minimal PDF written here, encrypted by qpdf (which
# also writes its cross-reference table; exit status 3 is qpdf's "warnings").
printf '%s\n' '%PDF-1.4' '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj' \
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj' \
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R' \
  '/Resources << /Font << /F1 5 0 R >> >> >> endobj' \
  '4 0 obj << /Length 43 >> stream' 'BT /F1 12 Tf 72 720 Td (Secret text) Tj ET' 'endstream endobj' \
  '5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj' \
  'trailer << /Size 6 /Root 1 0 R >>' '%%EOF' >"$here/plain.tmp.pdf"
qpdf --encrypt secret secret 256 -- "$here/plain.tmp.pdf" "$here/encrypted.pdf" || [[ $? == 3 ]]
rm -f "$here/plain.tmp.pdf"
echo "encrypted.pdf: $(wc -c <"$here/encrypted.pdf") bytes"
