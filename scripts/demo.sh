#!/usr/bin/env bash
# The main job on the bundled sample corpus, set-up included:
#   bash scripts/demo.sh
# Reads the sample gazettes and judicial documents into out/policygraph.db,
# answers the questions legal staff ask, and writes the artefacts into out/:
# the audit report, a diagram and a cleanup worksheet. Statuses are as of
# 2020-03-01, the day after the sample's last gazette took effect.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
pg=build/policygraph
as_of=2020-03-01
export POLICYGRAPH_DB=out/policygraph.db
mkdir -p out/extract
rm -f "$POLICYGRAPH_DB"

echo "== extract: every document and reference, typed, with evidence"
for set_name in gazettes judicial national; do
  mkdir -p "out/extract/$set_name"
  for f in tests/data/$set_name/*.txt; do
    "$pg" extract "$f" > "out/extract/$set_name/$(basename "$f" .txt).json"
  done
done
"$pg" extract --format summary tests/data/gazettes/*.txt
echo
echo "== accuracy against the gold labels"
build/tests/policygraph-score --data tests/data | grep -E '^(gazettes|judicial) |first document'
echo
echo "== ingest"
"$pg" ingest tests/data/gazettes tests/data/judicial tests/data/national
echo
echo "== is 济政发〔2019〕2号 still in force?"
"$pg" show 济政发〔2019〕2号 --as-of $as_of | head -4
echo
echo "== what does 济政发〔2019〕17号 repeal, and what rests on that?"
"$pg" repeals 济政发〔2019〕17号 --as-of $as_of || true
echo
echo "== the chain of 济政发〔2017〕24号 up to the State Council"
"$pg" chain 济政发〔2017〕24号 --as-of $as_of
echo
echo "== superseded (repealed or expired) on $as_of"
"$pg" superseded --as-of $as_of --issuer 济南市 || true
echo
echo "== artefacts"
"$pg" report --as-of $as_of --format html -o out/report.html
"$pg" report --as-of $as_of --format md -o out/report.md
"$pg" export --format svg --around 济政发〔2017〕24号 --depth 2 --as-of $as_of -o out/chain-24.svg
"$pg" export --format dot --as-of $as_of --max-nodes 0 -o out/corpus.dot
"$pg" cleanup --issuer 济南市人民政府办公厅 --as-of $as_of -o out/cleanup-jinan-office.csv
echo
echo "Written:"
echo "  out/report.html                 audit report (open in a browser), out/report.md"
echo "  out/chain-24.svg                diagram: 济政发〔2017〕24号 and what it rests on"
echo "  out/corpus.dot                  the whole corpus graph (Graphviz)"
echo "  out/cleanup-jinan-office.csv    清理 worksheet for 济南市人民政府办公厅 (UTF-8 with BOM)"
echo "  out/extract/                    extraction JSON per file; out/policygraph.db the store"
echo
echo "In a browser: build/policygraph serve --db out/policygraph.db, then open"
echo "  http://127.0.0.1:8080/?asof=$as_of (search, document pages, graph, lists, draft check)"
