#!/usr/bin/env bash
# The closed-form check of `muster optimize` (docs/validation.md): n = 40
# exponential household visits (mean 6 min) on c workers, zero travel,
# calendars always open, instant acknowledgement, so the mean makespan is
# E(c) = (n − c)/(cμ) + H_c/μ: 1.11 h at c = 4, 0.93 h at c = 5. The least
# team (1 head + team.members) meeting a mean order completion of 1 h is
# therefore c = 5, team.members = 4. Runs the search with 100 seeds and
# counts how often it answers 4.
#   scripts/optimize-closed-form.sh [BINARY] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/muster}
RUNS=${2:-100}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/makespan.yaml" <<'YAML'
name: makespan
start: Mon 00:00
seed: 1
replications: 1
layout:
  fanout: {district: 1, street: 1, community: 1, grid: 1, microgrid: 1}
  households: 40
team: {heads: 1, members: 0, volunteers: 0, volunteer_speed: 1}
field:
  hours: always
  travel: 0s
  visit: {dist: exponential, mean: 6m}
  not_home: 0
  revisit_after: 0s
  max_attempts: 1
p2p:
  duty_hours: always
  ack: {on_duty: 0s, off_duty: 0s}
  push_fails: 0
  team_notify: 0s
  sync: 0s
YAML
hits=0
for seed in $(seq 1 "$RUNS"); do
  answer=$("$BIN" optimize "$dir/makespan.yaml" --vary team.members=0..9 \
    --target 'p2p.order_complete.mean <= 1h' --seed "$seed" --json --quiet \
    | python3 -c 'import json,sys; a = json.load(sys.stdin)["answer"]; print("none" if a is None else int(a))')
  if [ "$answer" = "4" ]; then hits=$((hits + 1)); else echo "seed $seed: answer $answer"; fi
done
echo "closed form (team.members = 4) found in $hits of $RUNS seeded runs"
[ "$hits" -ge $((RUNS * 95 / 100)) ]
