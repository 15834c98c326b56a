#!/usr/bin/env python3
"""Orders at province scale: one replication of both modes of Ningbo's
layout with 1, 3, 10, 30 and 95 districts (0.26 M to 25 M households), one
size after another; wall seconds, CPU seconds and peak memory of each whole
process (GNU time), the time and bytes per household, and an SVG figure of
the time per household against households.

    python3 scripts/scale-orders.py                 # release binary, table
    python3 scripts/scale-orders.py --svg docs/figures/order-scaling.svg

Timings on a shared machine are noisy; CPU seconds (user + system) are
steadier than wall seconds when other work runs.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DISTRICTS = [1, 3, 10, 30, 95]


def measure(binary, districts, threads):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        cmd = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", t.name, binary, "run",
               os.path.join(ROOT, "scenarios", "ningbo.yaml"), "--replications", "1", "--mode", "both",
               "--set", f"layout.fanout.district={districts}", "--threads", str(threads), "--json"]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        wall, user, system, peak_kib = t.read().split()
    summary = json.loads(out)
    households = summary["modes"]["tiered"]["households"]["total"]
    return {"districts": districts, "households": households, "wall": float(wall),
            "cpu": float(user) + float(system), "peak_bytes": int(peak_kib) * 1024}


def svg(rows, path):
    """Time per household (µs, wall and CPU) against households, log x."""
    import math
    w, h, left, right, top, bottom = 640, 360, 70, 20, 30, 50
    xs = [math.log10(r["households"]) for r in rows]
    series = [("wall", "#1f77b4", [r["wall"] / r["households"] * 1e6 for r in rows]),
              ("CPU", "#d62728", [r["cpu"] / r["households"] * 1e6 for r in rows])]
    ymax = max(max(v) for _, _, v in series) * 1.15
    x0, x1 = math.floor(min(xs)), math.ceil(max(xs))

    def px(x):
        return left + (x - x0) / (x1 - x0) * (w - left - right)

    def py(y):
        return top + (1 - y / ymax) * (h - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="18" text-anchor="middle">Orders: time per household, one replication, both modes</text>']
    for d in range(x0, x1 + 1):
        out.append(f'<line x1="{px(d):.1f}" y1="{top}" x2="{px(d):.1f}" y2="{h - bottom}" stroke="#ddd"/>')
        label = {5: "100 k", 6: "1 M", 7: "10 M", 8: "100 M"}.get(d, f"1e{d}")
        out.append(f'<text x="{px(d):.1f}" y="{h - bottom + 16}" text-anchor="middle">{label}</text>')
    step = 10 ** math.floor(math.log10(ymax / 4))
    step = step * (2 if ymax / step > 8 else 1) * (2.5 if ymax / step > 20 else 1)
    y = 0.0
    while y <= ymax:
        out.append(f'<line x1="{left}" y1="{py(y):.1f}" x2="{w - right}" y2="{py(y):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{left - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
        y += step
    out.append(f'<text x="{w / 2}" y="{h - 12}" text-anchor="middle">households (log scale)</text>')
    out.append(f'<text x="16" y="{h / 2}" text-anchor="middle" transform="rotate(-90 16 {h / 2})">'
               'µs per household</text>')
    for i, (name, colour, values) in enumerate(series):
        points = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in zip(xs, values))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, v in zip(xs, values):
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(v):.1f}" r="3.5" fill="{colour}"/>')
        out.append(f'<text x="{w - right - 80}" y="{top + 18 + 16 * i}" fill="{colour}">{name}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--muster", default=os.path.join(ROOT, ".build", "release", "muster"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--svg", help="also write the figure here")
    p.add_argument("--json", help="also write the rows here")
    a = p.parse_args()
    rows = []
    print(f"{'districts':>9} {'households':>12} {'wall s':>7} {'cpu s':>7} {'peak MiB':>9} "
          f"{'µs/hh wall':>10} {'µs/hh cpu':>10} {'bytes/hh':>9}")
    for d in DISTRICTS:
        r = measure(a.muster, d, a.threads)
        rows.append(r)
        print(f"{d:9d} {r['households']:12,.0f} {r['wall']:7.2f} {r['cpu']:7.2f} {r['peak_bytes'] / 2**20:9.0f} "
              f"{r['wall'] / r['households'] * 1e6:10.3f} {r['cpu'] / r['households'] * 1e6:10.3f} "
              f"{r['peak_bytes'] / r['households']:9.1f}", flush=True)
    if a.svg:
        svg(rows, a.svg)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
