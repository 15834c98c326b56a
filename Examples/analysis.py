#!/usr/bin/env python3
"""Muster's output folders in pandas: a run folder and a sweep folder.

Reads the tidy per-replication tables Muster writes and recomputes, from
them alone, two numbers Muster reports:

1. from a run folder (`muster run … --out RUN`): per mode, the mean and the
   p50 of order completion over replications, which `summary.json` reports
   as `modes.<mode>.order_complete_hours.mean` and `.p50`;
2. from a sweep folder (`muster sweep … --out SWEEP`): per point and mode,
   the mean and p50 of order completion, which `summary.csv` reports in the
   rows with `measure == "order_complete_hours"`.

Muster's percentiles interpolate linearly between order statistics, as
pandas' `quantile` does by default, so both agree to rounding (1e-9).

    python3 Examples/analysis.py RUN_FOLDER SWEEP_FOLDER
    make analysis-example        # makes small folders, then runs this

Needs pandas. When it is not importable, the script makes a virtual
environment under .build/analysis-venv and installs pandas there with pip;
only when pip cannot reach the package index does it skip (exit 0), saying so.
Exit 1 when a recomputed number disagrees with Muster's.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOLERANCE = 1e-9


def ensure_pandas():
    # The repository's venv helper (scripts/pyvenv.py); with pandas already
    # importable it does nothing.
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import pyvenv
    pyvenv.ensure("analysis", "analysis-venv", ["pandas"], ["pandas"])


def close(a, b):
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def check_run(pd, folder):
    """Mean and p50 of order completion per mode, against summary.json."""
    reps = pd.read_csv(os.path.join(folder, "replications.csv"))
    with open(os.path.join(folder, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    mismatches = 0
    per_mode = reps.groupby("mode")["order_complete_hours"]
    for mode, values in per_mode:
        reported = summary["modes"][mode]["order_complete_hours"]
        ours = {"mean": values.mean(), "p50": values.quantile(0.5)}
        for stat, value in ours.items():
            ok = close(value, reported[stat])
            mismatches += not ok
            print(f"run   {mode:6} order_complete_hours.{stat:4} pandas {value:10.4f}  muster {reported[stat]:10.4f}"
                  f"  {'ok' if ok else 'DIFFERS'}")
    return mismatches


def check_sweep(pd, folder):
    """Per point and mode, mean and p50 of order completion, against summary.csv."""
    reps = pd.read_csv(os.path.join(folder, "replications.csv"))
    summary = pd.read_csv(os.path.join(folder, "summary.csv"))
    summary = summary[summary["measure"] == "order_complete_hours"].set_index(["point", "mode"])
    ours = reps.groupby(["point", "mode"])["order_complete_hours"].agg(
        mean="mean", p50=lambda v: v.quantile(0.5))
    # The axis columns stand between `point` and `replication`.
    columns = list(reps.columns)
    axes = columns[1:columns.index("replication")]
    numeric = [c for c in axes if pd.api.types.is_numeric_dtype(reps[c])]
    print(f"sweep {len(ours)} point×mode groups; axis columns {axes} (numeric: {numeric})")
    mismatches = 0
    for key, row in ours.iterrows():
        for stat in ("mean", "p50"):
            if not close(row[stat], summary.loc[key, stat]):
                mismatches += 1
                print(f"sweep point {key[0]} {key[1]} {stat}: pandas {row[stat]} muster {summary.loc[key, stat]}  DIFFERS")
    print(f"sweep mean and p50 of order_complete_hours: {len(ours) * 2 - mismatches} of {len(ours) * 2} agree")
    # What a researcher does next: the median's response to the first axis,
    # per mode (averaged over any other axes).
    if numeric:
        print(f"p50 of order_complete_hours by {numeric[0]}, mean over other axes:")
        table = ours.reset_index().merge(reps[["point"] + numeric].drop_duplicates(), on="point")
        print(table.pivot_table(index=numeric[0], columns="mode", values="p50").round(2).to_string())
    return mismatches


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 Examples/analysis.py RUN_FOLDER SWEEP_FOLDER")
    ensure_pandas()
    import pandas as pd
    bad = check_run(pd, sys.argv[1]) + check_sweep(pd, sys.argv[2])
    if bad:
        print(f"analysis: {bad} number(s) differ from Muster's")
        sys.exit(1)
    print("analysis: pandas reproduces Muster's numbers")


if __name__ == "__main__":
    main()
