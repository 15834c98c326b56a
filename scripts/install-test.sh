#!/usr/bin/env bash
# `make install-test`: install into a temporary prefix, run the installed
# binary from another folder (it must find the installed default scenario,
# and `muster bench` its queue cases), check that every shipped scenario is
# installed, check the man pages' text against `muster help` (titles
# MUSTER-RUN(1), non-ASCII kept) and the completions, uninstall, and check
# that nothing of muster's is left while a foreign file survives.
# docs/how-to/install.md.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/muster-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
fail() { echo "install-test: FAIL: $*" >&2; exit 1; }

mkdir -p "$prefix/bin" "$tmp/elsewhere"
echo "not muster's" > "$prefix/bin/foreign-tool"

make --no-print-directory install PREFIX="$prefix"

# From a folder with no scenarios/: the installed default scenario.
(
  cd "$tmp/elsewhere"
  "$prefix/bin/muster" run --replications 2 --quiet > run.out 2> run.err || fail "installed muster run exited $?: $(cat run.err)"
  "$prefix/bin/muster" validate > validate.out 2> validate.err || fail "installed muster validate: $(cat validate.err)"
  grep -q "using the default scenario $prefix/share/muster/scenarios/beilun.yaml" validate.err \
    || fail "validate did not say it used the installed default scenario: $(cat validate.err)"
  [ ! -s run.err ] || fail "run --quiet wrote to stderr: $(cat run.err)"
  # The installed bench finds the installed scenarios, queue cases included.
  "$prefix/bin/muster" bench --section incidents --quick --repeats 1 --json > bench.json 2> bench.err \
    || fail "installed muster bench --section incidents exited $?: $(cat bench.err)"
  grep -q '"priority"' bench.json || fail "installed bench did not run the queue cases: $(head -c 400 bench.json)"
)
echo "install-test: installed muster ran the installed default scenario and bench's queue cases from $tmp/elsewhere"

# Every shipped scenario, sweep file, question and queue case is installed
# (the Makefile's SCENARIO_FILES; docs/how-to/install.md says so).
for f in $(find scenarios -name '*.yaml' -type f); do
  cmp -s "$f" "$prefix/share/muster/$f" || fail "not installed (or different): share/muster/$f"
done
for d in $(find scenarios -mindepth 1 -type d); do
  grep -q "\`$d/\`" docs/how-to/install.md || fail "docs/how-to/install.md does not name $d/, which make install installs"
done

page="$prefix/share/man/man1/muster-run.1"
[ -s "$page" ] || fail "no man page $page"
# Every page: title MUSTER-CMD(1), and each paragraph and option of
# `muster help CMD` in its rendered text, non-ASCII characters included.
python3 scripts/man-pages.py --binary "$prefix/bin/muster" --check "$prefix/share/man/man1" \
  || fail "the installed man pages do not say what muster help says"
if command -v man > /dev/null && LC_ALL=C.UTF-8 man -l "$page" > "$tmp/man.txt" 2> /dev/null; then
  head -n 1 "$tmp/man.txt"
  grep -q '±' "$tmp/man.txt" || fail "man muster-run lost its non-ASCII characters (no ±)"
fi
for f in share/bash-completion/completions/muster share/zsh/site-functions/_muster share/fish/vendor_completions.d/muster.fish \
         share/muster/scenarios/beilun.yaml share/muster/scenarios/sweeps/volunteers.yaml share/muster/scenarios/queues/mm4.yaml; do
  [ -s "$prefix/$f" ] || fail "missing or empty: $f"
done
echo "install-test: $(find "$prefix" -type f | wc -l) files installed (with the foreign one)"

make --no-print-directory uninstall PREFIX="$prefix"
left=$(cd "$prefix" && find . -type f ! -path ./bin/foreign-tool)
[ -z "$left" ] || fail "left after uninstall: $left"
[ -f "$prefix/bin/foreign-tool" ] || fail "uninstall removed a foreign file"
[ ! -e "$prefix/share/muster" ] || fail "share/muster left after uninstall"
echo "install-test: uninstall removed every installed file, kept bin/foreign-tool: OK"
