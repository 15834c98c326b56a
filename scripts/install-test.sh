#!/usr/bin/env bash
# `make install-test`: install into a temporary prefix, run the installed
# binary from another folder (it must find the installed default scenario),
# check the man pages and completions, uninstall, and check that nothing of
# muster's is left while a foreign file survives. docs/how-to/install.md.
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
)
echo "install-test: installed muster ran the installed default scenario from $tmp/elsewhere"

page="$prefix/share/man/man1/muster-run.1"
[ -s "$page" ] || fail "no man page $page"
grep -q '^\.\(Dt\|TH\) ' "$page" && grep -qi 'run' "$page" || fail "$page is not a man page of run"
if command -v man > /dev/null && man -l "$page" > "$tmp/man.txt" 2> /dev/null; then
  head -n 3 "$tmp/man.txt"
fi
for f in share/bash-completion/completions/muster share/zsh/site-functions/_muster share/fish/vendor_completions.d/muster.fish \
         share/muster/scenarios/beilun.yaml share/muster/scenarios/sweeps/volunteers.yaml; do
  [ -s "$prefix/$f" ] || fail "missing or empty: $f"
done
echo "install-test: $(find "$prefix" -type f | wc -l) files installed (with the foreign one)"

make --no-print-directory uninstall PREFIX="$prefix"
left=$(cd "$prefix" && find . -type f ! -path ./bin/foreign-tool)
[ -z "$left" ] || fail "left after uninstall: $left"
[ -f "$prefix/bin/foreign-tool" ] || fail "uninstall removed a foreign file"
[ ! -e "$prefix/share/muster" ] || fail "share/muster left after uninstall"
echo "install-test: uninstall removed every installed file, kept bin/foreign-tool: OK"
