#!/usr/bin/env python3
"""Agreement of `muster calibrate` with pyABC on one calibration.

pyABC (a test oracle, never a dependency) drives the muster binary as an
external model: each simulation is `muster drill` with the particle's
values (`--set`) and its own seed, reduced to the same summaries as
`muster calibrate` uses (docs/calibration.md, "The summaries"; recomputed
here in Python, type-7 quantiles), with the same priors, population size,
adaptive distance (p = 2, MAD scales, Prangle 2017) and median tolerance
schedule. Then `muster calibrate` runs on the same log, and the posterior
means and 95 % intervals are printed side by side with the Monte Carlo
error of each mean (weighted sd / sqrt(ESS)).

    scripts/pyabc-calibrate.py --binary .build/release/muster            # ~10 min on 2 cores

The packages come from scripts/pyvenv.py (a venv under .build/pyabc).
"""
import argparse, csv, io, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyvenv  # noqa: E402

pyvenv.ensure("pyabc-calibrate", "pyabc", ["pyabc", "numpy"], ["pyabc", "numpy"])
import numpy as np  # noqa: E402
import pyabc  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO = "scenarios/drill/district.yaml"
LOG = "scenarios/drill/drill-p2p.csv"
PARAMS = [("field.visit.mean", 3.0, 15.0, "m"), ("field.not_home", 0.05, 0.45, ""), ("p2p.ack.on_duty.mean", 5.0, 60.0, "m")]
Q = [0.1, 0.25, 0.5, 0.75, 0.9]


def read_log(text):
    rows = list(csv.DictReader(io.StringIO(text)))
    ids = [r["unit_id"] for r in rows]
    n = np.array([float(r["notified_hours"]) for r in rows])
    d = np.array([float(r["done_hours"]) for r in rows])
    return ids, n, d


def summaries(text):
    ids, n, d = read_log(text)
    s = {}
    for q in Q:
        s[f"done_q{int(q * 100)}"] = np.quantile(d, q)
    for q in Q:
        s[f"notified_q{int(q * 100)}"] = np.quantile(n, q)
    f = d - n
    s["field_q50"], s["field_q90"] = np.quantile(f, 0.5), np.quantile(f, 0.9)
    for k, street in enumerate(["s1", "s2"]):
        s[f"street_{k + 1}_done_q50"] = np.quantile(d[[i.startswith(street + "c") for i in ids]], 0.5)
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=".build/release/muster")
    ap.add_argument("--population", type=int, default=300)
    ap.add_argument("--generations", type=int, default=6)
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    counter = iter(range(10 ** 9))

    def model(par):
        seed = next(counter) + 1
        sets = sum((["--set", f"{p}={par[p.replace('.', '_')]!r}{u}"] for p, _, _, u in PARAMS), [])
        out = subprocess.run([binary, "drill", SCENARIO, "--mode", "p2p", "--seed", str(seed)] + sets,
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
        return summaries(out)

    prior = pyabc.Distribution(**{p.replace(".", "_"): pyabc.RV("uniform", lo, hi - lo) for p, lo, hi, _ in PARAMS})
    observed = summaries(open(os.path.join(ROOT, LOG)).read())
    abc = pyabc.ABCSMC(model, prior, pyabc.AdaptivePNormDistance(p=2, scale_function=pyabc.distance.mad),
                       population_size=a.population, sampler=pyabc.sampler.SingleCoreSampler())
    abc.new("sqlite:///" + os.path.join(ROOT, ".build", "pyabc-calibrate.db"), observed)
    history = abc.run(max_nr_populations=a.generations + 1)
    df, w = history.get_distribution()

    out = os.path.join(ROOT, ".build", "pyabc-calibrate-muster")
    varies = sum((["--vary", f"{p}={lo}..{hi}{u}"] for p, lo, hi, u in PARAMS), [])
    subprocess.run([binary, "calibrate", SCENARIO, "--observed", LOG, "--mode", "p2p", "--population", str(a.population),
                    "--generations", str(a.generations), "--quiet", "--out", out] + varies, cwd=ROOT, check=True,
                   capture_output=True)
    rows = list(csv.DictReader(open(os.path.join(out, "posterior.csv"))))
    mw = np.array([float(r["weight"]) for r in rows])
    cols = [c for c in rows[0] if c not in ("particle", "weight", "generation")]

    def stats(x, wt):
        wt = wt / wt.sum()
        m = float(np.sum(wt * x))
        sd = float(np.sqrt(np.sum(wt * (x - m) ** 2)))
        ess = 1 / float(np.sum(wt ** 2))
        o = np.argsort(x)
        c = np.cumsum(wt[o])
        return m, sd / np.sqrt(ess), x[o][np.searchsorted(c, 0.025)], x[o][np.searchsorted(c, 0.975)]

    print("| parameter | pyABC mean ± MC error | pyABC 95 % | Muster mean ± MC error | Muster 95 % | means agree (3 MC errors) |")
    print("|---|---|---|---|---|---|")
    for k, (p, _, _, u) in enumerate(PARAMS):
        pm, pe, pl, ph = stats(df[p.replace(".", "_")].to_numpy(), np.asarray(w))
        mm, me, ml, mh = stats(np.array([float(r[cols[k]]) for r in rows]), mw)
        agree = abs(pm - mm) <= 3 * np.hypot(pe, me)
        print(f"| `{p}` | {pm:.3g} ± {pe:.2g}{u} | {pl:.3g}–{ph:.3g}{u} | {mm:.3g} ± {me:.2g}{u} | {ml:.3g}–{mh:.3g}{u} | {'yes' if agree else 'NO'} |")


if __name__ == "__main__":
    main()
