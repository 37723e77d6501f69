#!/usr/bin/env bash
# The main job on the bundled sample corpus, set-up included:
#   bash scripts/demo.sh
# Extracts every sample text into out/extract/*.json, prints a summary per
# file, and scores the extraction against the hand-checked gold labels.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
pg=build/policygraph

mkdir -p out/extract
echo "== extract: tests/data/{gazettes,judicial,national} -> out/extract/"
for set_name in gazettes judicial national; do
  mkdir -p "out/extract/$set_name"
  for f in tests/data/$set_name/*.txt; do
    "$pg" extract "$f" > "out/extract/$set_name/$(basename "$f" .txt).json"
  done
done
"$pg" extract --format summary tests/data/gazettes/*.txt tests/data/judicial/*.txt
echo
echo "== score against the gold labels (scripts/score)"
build/tests/policygraph-score --data tests/data
echo
echo "JSON per file: out/extract/"
