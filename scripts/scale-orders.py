#!/usr/bin/env python3
"""Orders at province scale: one replication of both modes of Ningbo's
layout with 1, 3, 10, 30 and 95 districts (0.26 M to 25 M households), one
size after another; wall seconds, CPU seconds and peak memory of each whole
process, the time and bytes per household, and an SVG figure of the time
per household against households.

    python3 scripts/scale-orders.py                 # release binary, table
    python3 scripts/scale-orders.py --svg docs/figures/order-scaling.svg

Each size is run `--repeats` times in a row and the fastest run kept
(other work on the machine only ever adds time). Times come from the
kernel's accounting of the finished process (wait4: user, system and peak
resident memory, to the microsecond) and a monotonic clock for wall time.

A process also pays a fixed cost whatever the size: start-up (loading the
Swift runtime and Foundation, parsing the command line), reading the
scenario, starting the threads, the summary. It is measured as the same
command on a one-micro-grid layout (every fan-out 1: 50-80 households),
run just before each size, and the "net" columns subtract it: the
simulation's own cost per household. Timings on a shared machine are noisy;
CPU seconds are steadier than wall seconds when other work runs.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DISTRICTS = [1, 3, 10, 30, 95]
ONE_MICROGRID = [f"layout.fanout.{level}=1" for level in ("district", "street", "community", "grid", "microgrid")]


def run_once(cmd):
    """Wall, CPU seconds and peak bytes of one whole process, and its stdout."""
    with open(os.devnull, "w") as null:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=null, text=True)
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, out


def fastest(cmd, repeats):
    runs = [run_once(cmd) for _ in range(repeats)]
    wall = min(r[0] for r in runs)
    cpu = min(r[1] for r in runs)
    return wall, cpu, max(r[2] for r in runs), runs[-1][3]


def command(binary, sets, threads):
    cmd = [binary, "run", os.path.join(ROOT, "scenarios", "ningbo.yaml"), "--replications", "1", "--mode", "both",
           "--threads", str(threads), "--json"]
    for s in sets:
        cmd += ["--set", s]
    return cmd


def measure(binary, districts, threads, repeats):
    fixed_wall, fixed_cpu, _, _ = fastest(command(binary, ONE_MICROGRID, threads), repeats)
    wall, cpu, peak, out = fastest(command(binary, [f"layout.fanout.district={districts}"], threads), repeats)
    households = json.loads(out)["modes"]["tiered"]["households"]["total"]
    return {"districts": districts, "households": households, "wall": wall, "cpu": cpu, "peak_bytes": peak,
            "fixed_wall": fixed_wall, "fixed_cpu": fixed_cpu}


def svg(rows, path):
    """Time per household (µs, wall and CPU) against households, log x."""
    import math
    w, h, left, right, top, bottom = 640, 360, 70, 20, 30, 50
    xs = [math.log10(r["households"]) for r in rows]
    series = [(f"{label}{', net of fixed cost' if net else ', whole process'}", colour, net,
               [(r[key] - (r["fixed_" + key] if net else 0)) / r["households"] * 1e6 for r in rows])
              for key, label, colour in (("wall", "wall", "#1f77b4"), ("cpu", "CPU", "#d62728"))
              for net in (False, True)]
    ymax = max(max(v) for _, _, _, v in series) * 1.15
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
    for i, (name, colour, net, values) in enumerate(series):
        dash = ' stroke-dasharray="6 4"' if net else ""
        points = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in zip(xs, values))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for x, v in zip(xs, values):
            mark = f'fill="white" stroke="{colour}"' if net else f'fill="{colour}"'
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(v):.1f}" r="3.5" {mark}/>')
        out.append(f'<line x1="{w - right - 215}" y1="{top + 14 + 16 * i}" x2="{w - right - 195}" '
                   f'y2="{top + 14 + 16 * i}" stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{w - right - 190}" y="{top + 18 + 16 * i}" fill="{colour}">{name}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--muster", default=os.path.join(ROOT, ".build", "release", "muster"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=3, help="runs of each size; the fastest is kept (default 3)")
    p.add_argument("--svg", help="also write the figure here")
    p.add_argument("--json", help="also write the rows here")
    a = p.parse_args()
    rows = []
    print(f"{'districts':>9} {'households':>12} {'wall s':>7} {'cpu s':>7} {'peak MiB':>9} "
          f"{'µs/hh wall':>10} {'µs/hh cpu':>10} {'fixed ms wall/cpu':>17} {'net µs/hh wall':>14} "
          f"{'net µs/hh cpu':>13} {'bytes/hh':>9}")
    for d in DISTRICTS:
        r = measure(a.muster, d, a.threads, a.repeats)
        rows.append(r)
        n = r["households"]
        print(f"{d:9d} {n:12,.0f} {r['wall']:7.3f} {r['cpu']:7.3f} {r['peak_bytes'] / 2**20:9.0f} "
              f"{r['wall'] / n * 1e6:10.3f} {r['cpu'] / n * 1e6:10.3f} "
              f"{r['fixed_wall'] * 1e3:8.1f}/{r['fixed_cpu'] * 1e3:<8.1f} "
              f"{(r['wall'] - r['fixed_wall']) / n * 1e6:14.3f} {(r['cpu'] - r['fixed_cpu']) / n * 1e6:13.3f} "
              f"{r['peak_bytes'] / n:9.1f}", flush=True)
    for key, label in (("wall", "wall"), ("cpu", "CPU")):
        whole = [r[key] / r["households"] for r in rows]
        net = [(r[key] - r["fixed_" + key]) / r["households"] for r in rows]
        print(f"spread of µs/household, {label}: whole process {max(whole) / min(whole) - 1:.1%}, "
              f"net of the fixed cost {max(net) / min(net) - 1:.1%}")
    if a.svg:
        svg(rows, a.svg)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
