#!/usr/bin/env python3
"""Simulation-based calibration (Talts et al. 2018) of `muster calibrate`.

For each of --drills synthetic drills: parameters are drawn from the prior,
a drill log is simulated with them (`muster drill`, its own seed), and the
log is calibrated with the same priors (`muster calibrate --out`). The rank
of the truth among L = --draws posterior draws (particles resampled by
weight) is recorded per parameter. If the posteriors are calibrated, the
ranks are uniform on 0..L (chi-square test on 10 bins, p-value reported)
and the 95 % credible intervals cover the truth in 95 % of drills (exact
binomial 95 % bounds on the count reported).

    scripts/sbc-calibrate.py --binary .build/release/muster --drills 100 --out results/sbc
    scripts/sbc-calibrate.py --binary .build/debug/muster --drills 4 --population 100 --generations 3   # smoke

Writes OUT/sbc.csv (one row per drill and parameter), OUT/sbc-ranks.svg (a
histogram of the ranks per parameter) and prints a markdown summary for
docs/validation.md. Standard library only.
"""
import argparse, csv, math, os, random, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO = "scenarios/drill/district.yaml"
# (path, low, high, unit): uniform priors, the same for drawing and fitting.
PARAMS = [("field.visit.mean", 3.0, 15.0, "m"), ("p2p.ack.on_duty.mean", 5.0, 60.0, "m")]


def chi2_sf(x, k):
    """P(X > x) for a chi-square with k degrees of freedom (regularized gamma, series/continued fraction)."""
    a, x = k / 2.0, x / 2.0
    if x <= 0:
        return 1.0
    if x < a + 1:
        term = s = 1.0 / a
        n = a
        while term > s * 1e-15:
            n += 1
            term *= x / n
            s += term
        return 1.0 - s * math.exp(-x + a * math.log(x) - math.lgamma(a))
    b, c, d = x + 1 - a, 1e300, 1.0 / (x + 1 - a)
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1e-300 if abs(d) < 1e-300 else d
        c = b + an / c
        c = 1e-300 if abs(c) < 1e-300 else c
        d = 1.0 / d
        h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def binom_bounds(n, p=0.95, level=0.95):
    """Counts k with P(Binomial(n, p) outside [lo, hi]) <= 1 - level (equal tails)."""
    pmf = [math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(n + 1)]
    lo, acc = 0, 0.0
    while acc + pmf[lo] <= (1 - level) / 2:
        acc += pmf[lo]; lo += 1
    hi, acc = n, 0.0
    while acc + pmf[hi] <= (1 - level) / 2:
        acc += pmf[hi]; hi -= 1
    return lo, hi


def run(cmd, **kw):
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=".build/release/muster")
    ap.add_argument("--drills", type=int, default=100)
    ap.add_argument("--draws", type=int, default=99, help="posterior draws per drill (ranks 0..draws)")
    ap.add_argument("--population", type=int, default=300)
    ap.add_argument("--generations", type=int, default=6)
    ap.add_argument("--out", default="results/sbc")
    ap.add_argument("--seed", type=int, default=2018)
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for d in range(a.drills):
            truth = [rng.uniform(lo, hi) for _, lo, hi, _ in PARAMS]
            sets = sum((["--set", f"{p}={v!r}{u}"] for (p, _, _, u), v in zip(PARAMS, truth)), [])
            log = os.path.join(tmp, f"drill-{d}.csv")
            with open(log, "w") as f:
                f.write(run([binary, "drill", SCENARIO, "--mode", "p2p", "--seed", str(1000 + d)] + sets))
            out = os.path.join(tmp, f"cal-{d}")
            varies = sum((["--vary", f"{p}={lo}..{hi}{u}"] for p, lo, hi, u in PARAMS), [])
            run([binary, "calibrate", SCENARIO, "--observed", log, "--mode", "p2p", "--seed", str(5000 + d),
                 "--population", str(a.population), "--generations", str(a.generations), "--quiet", "--out", out] + varies)
            with open(os.path.join(out, "posterior.csv")) as f:
                post = list(csv.DictReader(f))
            weights = [float(r["weight"]) for r in post]
            cols = [c for c in post[0].keys() if c not in ("particle", "weight", "generation")]
            draw_rng = random.Random(a.seed * 7919 + d)
            picks = draw_rng.choices(range(len(post)), weights=weights, k=a.draws)
            for k, (p, lo, hi, u) in enumerate(PARAMS):
                values = [float(r[cols[k]]) for r in post]
                rank = sum(values[i] < truth[k] for i in picks)
                order = sorted(range(len(values)), key=lambda i: values[i])
                c, q025, q975 = 0.0, None, None
                for i in order:
                    c += weights[i]
                    if q025 is None and c >= 0.025: q025 = values[i]
                    if q975 is None and c >= 0.975: q975 = values[i]
                rows.append({"drill": d, "parameter": p, "truth": truth[k], "rank": rank, "q025": q025, "q975": q975,
                             "covered": int(q025 <= truth[k] <= q975)})
            print(f"drill {d + 1}/{a.drills}: " + ", ".join(f"{r['parameter']} rank {r['rank']}" for r in rows[-len(PARAMS):]),
                  file=sys.stderr)
    with open(os.path.join(a.out, "sbc.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader(); w.writerows(rows)
    lo_b, hi_b = binom_bounds(a.drills)
    print(f"| parameter | drills | rank χ² (10 bins) p-value | 95 % intervals covering the truth | binomial 95 % range |")
    print("|---|---|---|---|---|")
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="220" font-family="sans-serif" font-size="11">' % (320 * len(PARAMS))]
    for k, (p, _, _, _) in enumerate(PARAMS):
        ranks = [r["rank"] for r in rows if r["parameter"] == p]
        bins = [0] * 10
        for r in ranks:
            bins[min(9, r * 10 // (a.draws + 1))] += 1
        e = len(ranks) / 10
        chi = sum((b - e) ** 2 / e for b in bins)
        cov = sum(r["covered"] for r in rows if r["parameter"] == p)
        print(f"| `{p}` | {len(ranks)} | {chi2_sf(chi, 9):.3f} | {cov} of {len(ranks)} | {lo_b}–{hi_b} |")
        x0 = 320 * k + 30
        top = max(bins + [1])
        svg.append(f'<text x="{x0}" y="15">{p}: ranks of the truth</text>')
        for i, b in enumerate(bins):
            h = 160 * b / top
            svg.append(f'<rect x="{x0 + 27 * i}" y="{190 - h:.1f}" width="25" height="{h:.1f}" fill="#0072B2"/>')
        svg.append(f'<line x1="{x0}" x2="{x0 + 270}" y1="{190 - 160 * e / top:.1f}" y2="{190 - 160 * e / top:.1f}" stroke="#D55E00" stroke-dasharray="4 3"/>')
        svg.append(f'<text x="{x0}" y="208">rank 0 … {a.draws} in 10 bins; dashed: uniform</text>')
    svg.append("</svg>")
    with open(os.path.join(a.out, "sbc-ranks.svg"), "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
