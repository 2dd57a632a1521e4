#!/usr/bin/env bash
# Score the extractor fold by fold on the development corpus, so every change
# can be reported on releases that were not looked at while making it.
#
#   tools/extractfolds/folds.sh [CORPUS] [BINARY]
#
# Fold k holds the releases whose number NNN has NNN mod 5 == k. Fold 4 is kept
# blind: nobody reads its texts or its mismatches (-v) while writing rules;
# it is only scored. For each change, one of folds 0-3 is chosen as that
# change's blind fold as well, and its score before and after is recorded in
# docs/measurements/extract-generalisation.md.
set -euo pipefail
corpus=${1:-../shared/corpus/dev}
bin=${2:-./jikenbo}
corpus=$(cd "$corpus" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$corpus"/*.gold.json; do
  stem=$(basename "$f" .gold.json)
  n=$((10#${stem//[!0-9]/}))
  k=$((n % 5))
  mkdir -p "$tmp/$k"
  for g in "$corpus/$stem".*; do ln -s "$g" "$tmp/$k/"; done
done
score=../shared/tools/score-extract
[ -x "$score" ] || score="$(dirname "$corpus")/../tools/score-extract"
for k in 0 1 2 3 4; do
  printf 'fold %s (%s releases): ' "$k" "$(ls "$tmp/$k"/*.gold.json | wc -l)"
  "$score" "$tmp/$k" -- "$bin" extract | grep -E '^(score|confidence):' | tr '\n' ' '
  echo
done
