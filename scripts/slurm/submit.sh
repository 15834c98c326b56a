#!/usr/bin/env bash
# Submits a muster sweep to Slurm: a job array of N shards (sweep.sbatch),
# then a merge job (merge.sbatch) that starts only if every shard succeeded.
#
#   scripts/slurm/submit.sh SWEEP.yaml OUT_DIR N [sbatch options...]
#
# MUSTER names the binary (default: muster on PATH); it and the files must
# be reachable from the compute nodes (a shared file system). Prints the
# array's and the merge's job ids. Logs go to OUT_DIR/slurm-*.log.
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 SWEEP.yaml OUT_DIR N [sbatch options...]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
sweep=$(realpath "$1")
out=$(realpath -m "$2")
n=$3
shift 3
case "$n" in ''|*[!0-9]*|0) echo "N must be a whole number ≥ 1, got '$n'" >&2; exit 2 ;; esac
muster=$(realpath "${MUSTER:-$(command -v muster)}")
mkdir -p "$out"

array=$(sbatch --parsable --array="1-$n" --chdir="$out" --output="$out/slurm-%A_%a.log" \
  --export="ALL,MUSTER=$muster,SWEEP=$sweep,OUT=$out" "$@" "$here/sweep.sbatch")
array=${array%%;*}
# The merge replaces OUT_DIR as a whole, so it runs from the folder above it.
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes --chdir="$(dirname "$out")" \
  --output="$out/slurm-merge-%j.log" --export="ALL,MUSTER=$muster,OUT=$out,SHARDS=$n" "$@" "$here/merge.sbatch")
merge=${merge%%;*}
echo "$array $merge"
