#!/usr/bin/env bash
# Renders a run's report.html and figures to PNG with headless Chromium, the
# way a browser shows them, so a person can look at every figure before it
# goes in front of a committee (docs/reference/outputs.md).
#
#   scripts/check-figures.sh [DIR] [SHOTS]
#
# DIR is an output folder of `muster run --out` (default results/beilun);
# screenshots go to SHOTS (default: a fresh folder under ${TMPDIR:-/tmp}).
# Installs Chromium with apt-get when it is missing and we are root.
set -euo pipefail

dir=${1:-results/beilun}
shots=${2:-$(mktemp -d "${TMPDIR:-/tmp}/muster-figures.XXXXXX")}

[ -f "$dir/report.html" ] || { echo "error: $dir/report.html not found; run \`muster run SCENARIO --out $dir\` (or \`muster plot $dir\`) first" >&2; exit 2; }

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium with apt-get..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser=chromium
  else
    echo "error: no Chromium found; install it (Debian/Ubuntu: sudo apt-get install chromium)" >&2
    exit 2
  fi
fi

mkdir -p "$shots"
abs=$(cd "$dir" && pwd)

# One screenshot: FILE, WIDTH, HEIGHT, OUT.
shoot() {
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --default-background-color=ffffffff --window-size="$2,$3" --screenshot="$4" "file://$1" \
    >/dev/null 2>&1 || true
  if [ ! -s "$4" ]; then echo "error: $browser made no screenshot of $1" >&2; exit 3; fi
  echo "$4"
}

for svg in "$abs"/*.svg; do
  [ -e "$svg" ] || { echo "error: no SVG figures in $dir" >&2; exit 2; }
  name=$(basename "$svg" .svg)
  # The figure's own size, from its root element.
  w=$(grep -o -m1 '<svg[^>]*' "$svg" | grep -o ' width="[0-9.]*"' | grep -o '[0-9.]*' | cut -d. -f1)
  h=$(grep -o -m1 '<svg[^>]*' "$svg" | grep -o ' height="[0-9.]*"' | grep -o '[0-9.]*' | cut -d. -f1)
  shoot "$svg" "${w:-800}" "${h:-480}" "$shots/$name.png"
done
# The report as a desktop browser shows it (tall enough for the whole page),
# and as a phone does.
shoot "$abs/report.html" 1000 7000 "$shots/report.png"
shoot "$abs/report.html" 420 12000 "$shots/report-narrow.png"
echo "Screenshots in $shots" >&2
