#!/usr/bin/env bash
# The regression gate on the shipped scenarios (docs/tutorials/ci-first-gate.md).
#
#   scripts/gate.sh                 check every scenario against results/baselines/
#   scripts/gate.sh --update        rewrite the baselines after a deliberate change
#   scripts/gate.sh --tolerance 5%  any other arguments go to every `muster check`
#
# Exit code: the worst of the checks — 0 all passed, 1 a regression,
# 2 bad input (a scenario or baseline that cannot be read), 3 internal error.
# Set MUSTER=path/to/muster to skip the release build.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -z "${MUSTER:-}" ]; then
  swift build -c release --product muster >&2 || exit 3
  MUSTER=.build/release/muster
fi

status=0
for name in beilun lingfeng ningbo; do
  echo "== $name"
  "$MUSTER" check "scenarios/$name.yaml" --baseline "results/baselines/$name.json" --quiet "$@"
  rc=$?
  if [ "$rc" -gt "$status" ]; then status=$rc; fi
  echo
done
case $status in
  0) echo "gate: passed" ;;
  1) echo "gate: REGRESSION (exit 1)" ;;
  *) echo "gate: could not run (exit $status)" ;;
esac
exit "$status"
