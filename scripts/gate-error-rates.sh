#!/usr/bin/env bash
# Measures the regression gate's error rates (docs/statistics.md, "Measured error rates").
#
# Every trial compares two independent samples (seeds S+2i and S+2i+1) with
# the code of `muster check` (its statistical layer; the exact layer would
# pass an unchanged tree with certainty). Three arms per trial:
#   no change                      -> a regression verdict is a false alarm
#   every value x 1.10             -> a real 10 % slowdown of every quantile
#   field.visit.mean raised 10 %   -> the model change of docs/statistics.md's example
#
# Designs (why: docs/statistics.md, "Measured error rates"):
#   Lingfeng at its default 200 replications per sample, 400 trials;
#   Beilun at 20 replications per sample (a tenth of its default), 300 trials.
#
# Takes about 40 minutes on a 2-core machine. Usage: scripts/gate-error-rates.sh [TRIALS_SCALE]
# (TRIALS_SCALE=0.1 runs a tenth of the trials, for a quick look).
set -euo pipefail
cd "$(dirname "$0")/.."

scale="${1:-1}"
trials() { awk -v n="$1" -v s="$scale" 'BEGIN { t = int(n * s); print (t < 1 ? 1 : t) }'; }

swift build -c release --product muster >&2
muster=.build/release/muster

"$muster" gate-trials scenarios/lingfeng.yaml --replications 200 --trials "$(trials 400)" \
  --seed-base 1000000 --scale 1.10 --change field.visit.mean=6.6m --quiet
echo
"$muster" gate-trials scenarios/beilun.yaml --replications 20 --trials "$(trials 300)" \
  --seed-base 2000000 --scale 1.10 --change field.visit.mean=6.6m --quiet
