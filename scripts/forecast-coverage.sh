#!/usr/bin/env bash
# Are the forecast's 80 % intervals right? (docs/validation.md, "Forecasting
# an order under way".)
#
# For each mode: ORDERS orders simulated from scenarios/drill/district.yaml
# (72 micro-grids, a layout CSV) with a seed of their own, each cut where
# 25 %, 50 % and 75 % of its micro-grids are done and forecast from that
# log with 100 replications; the 10–90 % interval of
# the last micro-grid done (and of the order complete at the centre) is
# checked against the order's true completion. Coverage counts are
# compared with the central 95 % range of Binomial(ORDERS, 0.8); median
# widths show the intervals narrowing as the order goes on.
#
# Writes results/forecast-coverage/{tiered,p2p}/ (coverage.csv, coverage.md,
# coverage.svg) and docs/figures/forecast-coverage.svg (both modes).
# About 10 minutes on a 2-core machine at ORDERS=200.
# Usage: scripts/forecast-coverage.sh [ORDERS]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."

orders="${1:-200}"
swift build -c release --product muster >&2
muster="${MUSTER:-.build/release/muster}"

for mode in tiered p2p; do
  "$muster" forecast scenarios/drill/district.yaml --mode "$mode" --coverage-study "$orders" --replications 100 \
    --out "results/forecast-coverage/$mode" --quiet
  echo
done
python3 - "$orders" <<'PY'
import csv, sys, math
orders = int(sys.argv[1])
# The figure of both modes, from the two coverage.csv files: share covered
# per cut with its Clopper-Pearson-free binomial range (the same range the
# command prints), drawn as plain SVG so the script needs nothing installed.
def rows(mode):
    by = {}
    for r in csv.DictReader(open(f"results/forecast-coverage/{mode}/coverage.csv")):
        f = float(r["fraction"])
        t, lo, hi = float(r["true_last_done"]), float(r["last_done_p10"]), float(r["last_done_p90"])
        to, loo, hio = float(r["true_order_complete"]), float(r["order_complete_p10"]), float(r["order_complete_p90"])
        b = by.setdefault(f, [0, 0, 0, []])
        b[0] += 1; b[1] += lo <= t <= hi; b[2] += loo <= to <= hio; b[3].append(hi - lo)
    return by
def binom_range(n, p=0.8, tail=0.025):
    pmf = [math.comb(n, k) * p**k * (1-p)**(n-k) for k in range(n+1)]
    lo, s = 0, 0.0
    while lo < n and s + pmf[lo] <= tail: s += pmf[lo]; lo += 1
    hi, s = n, 0.0
    while hi > 0 and s + pmf[hi] <= tail: s += pmf[hi]; hi -= 1
    return lo, hi
W, H, L, B, T, R = 640, 400, 70, 60, 50, 170
x = lambda f: L + (f - 0.2) / 0.6 * (W - L - R)
y = lambda v: T + (1 - (v - 0.5) / 0.5) * (H - T - B)
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
       f'<title>Forecast coverage of 80 % intervals</title><rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{L}" y="24" font-size="15">How often the 80 % forecast interval covers the true end ({orders} orders per point)</text>']
for v in [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]:
    out.append(f'<line x1="{L}" x2="{W-R}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/><text x="{L-8}" y="{y(v)+4:.1f}" text-anchor="end">{int(v*100)} %</text>')
for f in [0.25, 0.5, 0.75]:
    out.append(f'<text x="{x(f):.1f}" y="{H-B+18}" text-anchor="middle">{int(f*100)} % done</text>')
out.append(f'<text x="{(L+W-R)/2}" y="{H-12}" text-anchor="middle">Micro-grids done when the forecast is made</text>')
colors = {"tiered": "#0072B2", "p2p": "#D55E00"}
legend_y = T + 10
for i, mode in enumerate(["tiered", "p2p"]):
    by = rows(mode); c = colors[mode]; dx = -8 if i == 0 else 8
    for f, (n, k, ko, w) in sorted(by.items()):
        lo, hi = binom_range(n)
        out.append(f'<line x1="{x(f)+dx:.1f}" x2="{x(f)+dx:.1f}" y1="{y(lo/n):.1f}" y2="{y(hi/n):.1f}" stroke="{c}" stroke-width="6" opacity="0.25"/>')
        out.append(f'<circle cx="{x(f)+dx:.1f}" cy="{y(k/n):.1f}" r="4.5" fill="{c}"><title>{mode}, {int(f*100)} % done: last done covered {k}/{n}</title></circle>')
        out.append(f'<rect x="{x(f)+dx-3.5:.1f}" y="{y(ko/n)-3.5:.1f}" width="7" height="7" fill="none" stroke="{c}"><title>{mode}, {int(f*100)} % done: order complete covered {ko}/{n}</title></rect>')
    out.append(f'<circle cx="{W-R+14}" cy="{legend_y}" r="4.5" fill="{c}"/><text x="{W-R+24}" y="{legend_y+4}">{mode}: last done</text>')
    out.append(f'<rect x="{W-R+10.5}" y="{legend_y+16.5}" width="7" height="7" fill="none" stroke="{c}"/><text x="{W-R+24}" y="{legend_y+24}">{mode}: order complete</text>')
    legend_y += 44
out.append(f'<line x1="{L}" x2="{W-R}" y1="{y(0.8):.1f}" y2="{y(0.8):.1f}" stroke="black" stroke-dasharray="6 4"/>')
out.append(f'<text x="{W-R+10}" y="{legend_y+8}">bars: counts consistent</text><text x="{W-R+10}" y="{legend_y+22}">with 80 % (95 % range)</text>')
out.append('</svg>')
open("docs/figures/forecast-coverage.svg", "w").write("\n".join(out) + "\n")
print("wrote docs/figures/forecast-coverage.svg")
PY
