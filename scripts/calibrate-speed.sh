#!/usr/bin/env bash
# Times `muster calibrate` on the two sizes of docs/performance.md:
#   district: 3 parameters, the 72-micro-grid district, its p2p drill log;
#   beilun:   the same 3 parameters on a Beilun-size log (4,466 micro-grids).
# Prints wall time, CPU time, simulations and simulations per second.
#   MUSTER=.build/release/muster scripts/calibrate-speed.sh [district|beilun|both]
set -euo pipefail
cd "$(dirname "$0")/.."
MUSTER=${MUSTER:-.build/release/muster}
which=${1:-both}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
vary=(--vary field.visit.mean=3..15m --vary field.not_home=0.05..0.45 --vary p2p.ack.on_duty.mean=5..60m)
case_run() { # name scenario log extra...
  local name=$1 scenario=$2 log=$3; shift 3
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$out/$name.cpu" "$MUSTER" calibrate "$scenario" --observed "$log" --mode p2p "${vary[@]}" \
    --quiet --out "$out/$name" "$@" > /dev/null
  t1=$(date +%s.%N)
  local sims cpu
  sims=$(python3 -c "import json,sys; print(json.load(open('$out/$name/calibration.json'))['simulations'])")
  cpu=$(awk '{print $1 + $2}' "$out/$name.cpu")
  python3 - "$name" "$t0" "$t1" "$cpu" "$sims" <<'PY'
import sys
name, t0, t1, cpu, sims = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
wall = t1 - t0
print(f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU, {sims} simulations, {sims / wall:.0f} simulations/s wall, {sims / cpu:.0f}/s per CPU second")
PY
}
if [[ $which == district || $which == both ]]; then
  case_run district scenarios/drill/district.yaml scenarios/drill/drill-p2p.csv
fi
if [[ $which == beilun || $which == both ]]; then
  case_run beilun scenarios/drill/beilun.yaml scenarios/drill/beilun-drill-p2p.csv --population 200 --generations 5
fi
