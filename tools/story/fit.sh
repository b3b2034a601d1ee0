#!/usr/bin/env bash
# Refits the story engine's learned weights from the development sets beside the repository (one command):
#   same-story scorer  <- ../shared/data/similarity-dev   -> src/Tidings.Clustering/Data/story-scorer.json
# Each model file records the data file's SHA-256 and the cross-validated figures. Run from anywhere.
# `fit.sh story` refits only the scorer, `fit.sh page-kind` only the page-kind classifier (default: both).
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED="${TIDINGS_SHARED:-../shared}"
dotnet build -c Release bench/Tidings.Bench -v q -nologo >/dev/null
BENCH=bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
what="${1:-all}"
#   the concept features count both ways where the concept lexicon reads both sides (coverage >= 0.3), and are missing
#   (no evidence either way) where it reads one side thinly (Hebrew, Greek, Japanese reports); see docs/story-engine.md
[ "$what" = page-kind ] || "$BENCH" fit-story "$SHARED/data/similarity-dev/semeval2022-task8-sample.csv" src/Tidings.Clustering/Data/story-scorer.json \
  --no-floors --concept-coverage 0.3
#   page-kind classifier <- ../shared/data/extraction-wcxb-dev -> src/Tidings.Clustering/Data/page-kind.json
#   (boosted trees, 5-fold CV by domain; PK_* variables set its parameters, see docs/story-engine.md)
[ "$what" = story ] || "$BENCH" fit-page-kind "$SHARED/data/extraction-wcxb-dev" src/Tidings.Clustering/Data/page-kind.json
