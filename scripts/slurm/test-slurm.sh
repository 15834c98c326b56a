#!/usr/bin/env bash
# End-to-end test of the Slurm scripts on a private single-node cluster.
#
# Installs slurm-wlm, munge and sqlite3 from Debian when missing, starts
# munged, slurmctld and slurmd with every file in one temporary folder
# (see docs/tutorials/researcher-first-sweep.md, "Run it on Slurm"), submits a tiny sweep as a
# 3-shard job array plus the dependent merge job (submit.sh), waits, and
# checks that the merged database equals a single-machine run of the same
# sweep row for row. Everything it started is stopped on exit, also on
# failure. Needs root (for munged and the daemons) and a built muster:
#
#   swift build --product muster && scripts/slurm/test-slurm.sh
#
# MUSTER overrides the binary (default .build/debug/muster); KEEP=1 keeps
# the temporary folder for inspection. Uses Slurm's default ports 6817/6818,
# so only one such cluster can run on a machine at a time.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
muster=$(realpath "${MUSTER:-$repo/.build/debug/muster}")
[ -x "$muster" ] || { echo "no muster binary at $muster: build it first (swift build --product muster)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root: munged and the Slurm daemons are started here" >&2; exit 1; }
say() { echo "[slurm-test $(date +%H:%M:%S)] $*"; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sqlite3 >/dev/null; then
  say "installing slurm-wlm, munge and sqlite3 from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm munge sqlite3 >/dev/null
fi

tmp=$(mktemp -d /tmp/muster-slurm.XXXXXX)
chmod 755 "$tmp"
export SLURM_CONF="$tmp/slurm.conf"
host=$(hostname -s)

# Daemons' pids, read from their pid files once they have started (the
# files go away while a daemon shuts down; the pids are what to wait for).
pids=()
munged_pid=""
# Is this pid still running (zombies do not count)?
alive() {
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat")" != Z ]
}

cleanup() {
  local status=$?
  set +e
  if [ "${#pids[@]}" -gt 1 ]; then
    scancel --quiet --full --user="$(id -un)" 2>/dev/null
    sleep 0.5
    scontrol shutdown >/dev/null 2>&1
  fi
  # The Slurm daemons first (they use munge), then munged.
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.2; done
    alive "$pid" && kill "$pid"
  done
  if alive "$munged_pid"; then
    kill "$munged_pid"
    for _ in $(seq 1 25); do alive "$munged_pid" || break; sleep 0.2; done
  fi
  if [ "$status" != 0 ]; then
    say "FAILED; daemon logs:"
    tail -n 20 "$tmp"/*.log "$tmp"/out/*.log 2>/dev/null
  fi
  if [ "${KEEP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting munged in $tmp/munge"
mkdir -p "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1 count=1024 status=none
chown -R munge:munge "$tmp/munge"
chmod 755 "$tmp/munge"
chmod 400 "$tmp/munge/munge.key"
runuser -u munge -- munged --socket="$tmp/munge/munge.socket" --key-file="$tmp/munge/munge.key" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed"
munged_pid=$(cat "$tmp/munge/munged.pid")
munge -n -S "$tmp/munge/munge.socket" | unmunge -S "$tmp/munge/munge.socket" | grep -q 'STATUS:.*Success' \
  || { echo "munge does not work" >&2; exit 1; }

say "starting slurmctld and slurmd"
mkdir -p "$tmp/state" "$tmp/spool"
cat > "$SLURM_CONF" <<CONF
ClusterName=muster-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
$(slurmd -C | head -n 1) NodeAddr=127.0.0.1
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 50); do [ -s "$tmp/slurmctld.pid" ] && [ -s "$tmp/slurmd.pid" ] && break; sleep 0.1; done
pids=("$(cat "$tmp/slurmctld.pid")" "$(cat "$tmp/slurmd.pid")")
for i in $(seq 1 100); do
  state=$(sinfo -h -o %T 2>/dev/null | head -n 1 || true)
  [ "$state" = idle ] && break
  [ "$i" = 100 ] && { echo "the node did not become idle (state: '$state')" >&2; exit 1; }
  sleep 0.3
done
say "cluster up: node $host idle"

# A tiny sweep: Lingfeng, 2 × 2 points, 3 replications, both modes.
cat > "$tmp/sweep.yaml" <<SWEEP
name: slurm-test
scenario: $repo/scenarios/lingfeng.yaml
axes:
  team.volunteers: [0, 2]
  field.not_home: [0.1, 0.25]
replications: 3
SWEEP

shards=3
read -r array merge < <(MUSTER="$muster" "$repo/scripts/slurm/submit.sh" "$tmp/sweep.yaml" "$tmp/out" "$shards" --cpus-per-task=1)
say "submitted array $array ($shards shards) and merge $merge (afterok)"
for i in $(seq 1 600); do
  [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && break
  [ "$i" = 600 ] && { echo "jobs still queued after 5 minutes" >&2; squeue >&2; exit 1; }
  sleep 0.5
done
for k in $(seq 1 "$shards"); do
  state=$(scontrol -o show job "${array}_$k" | grep -o 'JobState=[A-Z_]*')
  [ "$state" = JobState=COMPLETED ] || { echo "shard $k: $state" >&2; exit 1; }
done
state=$(scontrol -o show job "$merge" | grep -o 'JobState=[A-Z_]*')
[ "$state" = JobState=COMPLETED ] || { echo "merge job: $state" >&2; exit 1; }
say "array and merge completed"

say "single-machine run of the same sweep"
"$muster" sweep "$tmp/sweep.yaml" --out "$tmp/single" --quiet > "$tmp/single.txt"
merged_digest=$(grep -o 'content sha256 [0-9a-f]*' "$tmp"/out/slurm-merge-*.log)
single_digest=$(grep -o 'content sha256 [0-9a-f]*' "$tmp/single.txt")
[ "$merged_digest" = "$single_digest" ] || { echo "digests differ: merged $merged_digest, single $single_digest" >&2; exit 1; }

# Row for row with SQLite's own client, independently of muster's digest.
for table in result summary point point_value; do
  q="SELECT * FROM $table ORDER BY 1, 2, 3"
  [ "$table" = point ] && q="SELECT * FROM point ORDER BY id"
  sqlite3 -readonly "$tmp/out/sweep.sqlite" "$q" > "$tmp/merged-$table.txt"
  sqlite3 -readonly "$tmp/single/sweep.sqlite" "$q" > "$tmp/single-$table.txt"
  cmp -s "$tmp/merged-$table.txt" "$tmp/single-$table.txt" || { echo "table $table differs" >&2; diff "$tmp/merged-$table.txt" "$tmp/single-$table.txt" | head >&2; exit 1; }
done
rows=$(sqlite3 -readonly "$tmp/out/sweep.sqlite" "SELECT count(*) FROM result")
[ "$rows" = 24 ] || { echo "expected 4 points × 3 replications × 2 modes = 24 rows, found $rows" >&2; exit 1; }
cmp -s "$tmp/out/summary.csv" "$tmp/single/summary.csv" || { echo "summary.csv differs" >&2; exit 1; }
say "merged database equals the single-machine run ($rows rows; ${merged_digest#content sha256 })"
say "passed"
