#!/usr/bin/env python3
"""Evidence for `muster select` (docs/validation.md, "Selecting the best").

Part 1, the probability of correct selection: runs the whole procedure
(MusterSelect's `Selection`, the same code as `muster select`) on normal
configurations whose best is known, slippage configurations included, for
--macroreps macro-replications each (1000 by default; the test suite runs
60), through `swift test --filter PCSStudyTests` with MUSTER_PCS_MACROREPS
and MUSTER_PCS_OUT set. Prints a Markdown table (PCS with its 95 % Wilson
interval, mean replications of KN against the Bonferroni fixed size) and
writes docs/figures/pcs-select.svg.

Part 2 (--beilun, needs a built muster, MUSTER=path): the shipped question
scenarios/questions/beilun-best-layout.yaml, once with common random numbers
where layouts allow (the default) and once with --sampling independent:
replications spent against the Bonferroni fixed size, and the variance of
paired differences against independent sampling.

    python3 scripts/pcs-select.py                      # part 1
    MUSTER=.build/release/muster python3 scripts/pcs-select.py --beilun --skip-pcs
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def wilson(k, n, z=1.959964):
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h


def pcs(macroreps):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "pcs.json")
        env = dict(os.environ, MUSTER_PCS_MACROREPS=str(macroreps), MUSTER_PCS_OUT=out)
        r = subprocess.run(["swift", "test", "--filter", "PCSStudyTests"], cwd=ROOT, env=env,
                           capture_output=True, text=True)
        if r.returncode != 0 or not os.path.exists(out):
            sys.stderr.write(r.stdout[-4000:] + r.stderr[-4000:])
            sys.exit("pcs-select: the PCS study failed (above)")
        with open(out) as f:
            return json.load(f)


def figure(rows, path):
    w, rowh, left, right = 860, 34, 300, 40
    h = 90 + rowh * len(rows)
    lo_x, hi_x = 0.85, 1.0

    def px(p):
        return left + (p - lo_x) / (hi_x - lo_x) * (w - left - right)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
           f'aria-labelledby="pcs-title"><title id="pcs-title">Probability of correct selection, muster select (KN)</title>',
           f'<rect width="{w}" height="{h}" fill="#ffffff"/>',
           f'<text x="12" y="22" font-family="sans-serif" font-size="15" font-weight="bold">Probability of correct '
           f'selection over {rows[0]["macroreplications"]} macro-replications each</text>']
    y0 = 40
    for t in [0.85, 0.9, 0.95, 1.0]:
        x = px(t)
        out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y0 + rowh * len(rows)}" stroke="#cccccc"/>')
        out.append(f'<text x="{x:.1f}" y="{y0 + rowh * len(rows) + 16}" font-family="sans-serif" font-size="12" '
                   f'text-anchor="middle">{t:.2f}</text>')
    for i, r in enumerate(rows):
        y = y0 + rowh * i + rowh / 2
        lo, hi = wilson(r["correct"], r["macroreplications"])
        target = r["confidence"]
        tx = px(target)
        out.append(f'<line x1="{tx:.1f}" y1="{y - 12:.1f}" x2="{tx:.1f}" y2="{y + 12:.1f}" stroke="#D55E00" '
                   f'stroke-dasharray="4 3" stroke-width="2"/>')
        out.append(f'<text x="{left - 10}" y="{y + 4:.1f}" font-family="sans-serif" font-size="12" '
                   f'text-anchor="end">{r["name"]}</text>')
        out.append(f'<line x1="{px(max(lo, lo_x)):.1f}" y1="{y:.1f}" x2="{px(hi):.1f}" y2="{y:.1f}" '
                   f'stroke="#0072B2" stroke-width="2"/>')
        out.append(f'<circle cx="{px(max(r["pcs"], lo_x)):.1f}" cy="{y:.1f}" r="5" fill="#0072B2"/>')
    out.append(f'<text x="{left}" y="{h - 14}" font-family="sans-serif" font-size="12">Dot: PCS; bar: 95 % Wilson '
               f'interval; dashed: the promised confidence.</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def beilun(muster):
    q = os.path.join(ROOT, "scenarios", "questions", "beilun-best-layout.yaml")
    runs = {}
    for name, extra in [("auto", []), ("independent", ["--sampling", "independent"])]:
        r = subprocess.run([muster, "select", "--question", q, "--json", "--quiet"] + extra, cwd=ROOT,
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"pcs-select: muster select failed: {r.stderr}")
        runs[name] = json.loads(r.stdout)
    for name, a in runs.items():
        print(f"\n### Shipped question, sampling {name}\n")
        print(f"- selected: {a['selected']} ({a['outcome']}); in contention: {', '.join(a['contention'])}")
        print(f"- replications: {a['replications']}; Bonferroni fixed size: {a['bonferroni_replications']} "
              f"({a['savings']:.1f}x more)")
        ratio = a["sampling"]["crn_variance_ratio"]
        if ratio is not None:
            print(f"- variance of paired differences / independent, pairs sharing random numbers: {ratio:.3f} "
                  f"(mean over pairs)")
        print("\n| candidate | estimate (h) | replications | eliminated at |\n|---|---:|---:|---:|")
        for c in a["candidates"]:
            print(f"| {c['label']} | {c['estimate']:.2f} | {c['replications']} | "
                  f"{c['eliminated_at_replications'] if c['eliminated_at_replications'] is not None else '—'} |")
        crn = [p for p in a["pairs"] if p["common_random_numbers"]]
        if name == "auto" and crn:
            print("\n| pair (common random numbers) | var of differences | var if independent | ratio |\n|---|---:|---:|---:|")
            for p in crn:
                print(f"| {p['first']} – {p['second']} | {p['variance_of_differences']:.4f} | "
                      f"{p['variance_if_independent']:.4f} | {p['ratio']:.3f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--macroreps", type=int, default=1000)
    ap.add_argument("--figure", default=os.path.join(ROOT, "docs", "figures", "pcs-select.svg"))
    ap.add_argument("--beilun", action="store_true", help="also measure the shipped question (MUSTER=binary)")
    ap.add_argument("--skip-pcs", action="store_true")
    args = ap.parse_args()
    if not args.skip_pcs:
        rows = pcs(args.macroreps)
        print("| configuration | k | macro-replications | correct | PCS | 95 % interval | KN replications (mean) | "
              "Bonferroni (mean) |\n|---|---:|---:|---:|---:|---|---:|---:|")
        for r in rows:
            lo, hi = wilson(r["correct"], r["macroreplications"])
            print(f"| {r['name']} | {r['k']} | {r['macroreplications']} | {r['correct']} | {r['pcs']:.3f} | "
                  f"{lo:.3f}–{hi:.3f} | {r['mean_replications']:.0f} | {r['mean_bonferroni_replications']:.0f} |")
        figure(rows, args.figure)
        print(f"\nwrote {os.path.relpath(args.figure, ROOT)}")
    if args.beilun:
        beilun(os.environ.get("MUSTER", os.path.join(ROOT, ".build", "release", "muster")))


if __name__ == "__main__":
    main()
