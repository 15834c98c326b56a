#!/usr/bin/env python3
"""Writes the SALib fixtures of MusterNumericsTests/SALibAgreementTests.

Run once, by hand, in a virtual environment with SALib:

    python3 -m venv /tmp/salib-venv && /tmp/salib-venv/bin/pip install SALib
    /tmp/salib-venv/bin/python scripts/sensitivity/salib-fixture.py Tests/Fixtures/sensitivity

Sobol: the Saltelli matrix is built from GSL's own Sobol sequence (called
through ctypes, as Muster calls it), N = 64, the Ishigami function's three
inputs, second order on; SALib's sobol.analyze computes S1, ST, S2.
Morris: SALib's morris.sample draws 20 trajectories on 4 levels over the
unit cube (seed 7); morris.analyze computes mu, mu_star, sigma of the
Ishigami function. Each fixture holds the points, the outputs and SALib's
indices, so the Swift test feeds its estimators the same numbers.
"""
import ctypes
import ctypes.util
import math
import sys
from importlib.metadata import version

import numpy as np
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample

A, B = 7.0, 0.1


def ishigami(u):
    x = -math.pi + 2 * math.pi * np.asarray(u)
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def gsl_sobol(count, dims):
    lib = ctypes.CDLL(ctypes.util.find_library("gsl") or "libgsl.so")
    lib.gsl_qrng_alloc.restype = ctypes.c_void_p
    lib.gsl_qrng_alloc.argtypes = [ctypes.c_void_p, ctypes.c_uint]
    lib.gsl_qrng_get.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.gsl_qrng_free.argtypes = [ctypes.c_void_p]
    q = lib.gsl_qrng_alloc(ctypes.c_void_p.in_dll(lib, "gsl_qrng_sobol").value, dims)
    row = (ctypes.c_double * dims)()
    out = []
    for _ in range(count):
        lib.gsl_qrng_get(q, row)
        out.append(list(row))
    lib.gsl_qrng_free(q)
    return out


def saltelli(n, d):
    """SALib's saltelli layout: A, AB_1..AB_d, BA_1..BA_d, B per base row."""
    rows = []
    for base in gsl_sobol(n, 2 * d):
        a, b = base[:d], base[d:]
        rows.append(list(a))
        for i in range(d):
            r = list(a); r[i] = b[i]; rows.append(r)
        for i in range(d):
            r = list(b); r[i] = a[i]; rows.append(r)
        rows.append(list(b))
    return np.array(rows)


def header(out, what, command):
    out.write(f"# {what}\n# SALib {version('SALib')}, numpy {version('numpy')}\n# command: {command}\n")


def main(folder):
    command = "python scripts/sensitivity/salib-fixture.py " + folder
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0, 1]] * 3}
    x = saltelli(64, 3)
    y = ishigami(x)
    si = sobol_analyze.analyze(problem, y, calc_second_order=True, num_resamples=100, seed=1)
    with open(f"{folder}/salib-sobol.txt", "w") as out:
        header(out, "Sobol indices of the Ishigami function (a = 7, b = 0.1), N = 64, second order, "
                    "sobol.analyze(problem, Y, calc_second_order=True)", command)
        out.write("design n=64 inputs=3 second_order=1\n")
        for u, v in zip(x, y):
            out.write("point " + " ".join(repr(float(c)) for c in u) + " " + repr(float(v)) + "\n")
        for i in range(3):
            out.write(f"index S1 {i} {float(si['S1'][i])!r}\n")
            out.write(f"index ST {i} {float(si['ST'][i])!r}\n")
        for i in range(3):
            for j in range(i + 1, 3):
                out.write(f"index S2 {i} {j} {float(si['S2'][i][j])!r}\n")

    x = morris_sample.sample(problem, 20, num_levels=4, seed=7)
    y = ishigami(x)
    mi = morris_analyze.analyze(problem, x, y, num_levels=4, num_resamples=100, seed=1)
    with open(f"{folder}/salib-morris.txt", "w") as out:
        header(out, "Morris elementary effects of the Ishigami function, 20 trajectories, 4 levels, "
                    "morris.sample(problem, 20, num_levels=4, seed=7); morris.analyze(problem, X, Y, num_levels=4)", command)
        out.write("design trajectories=20 levels=4 inputs=3\n")
        for u, v in zip(x, y):
            out.write("point " + " ".join(repr(float(c)) for c in u) + " " + repr(float(v)) + "\n")
        for i in range(3):
            out.write(f"index mu {i} {float(mi['mu'][i])!r}\n")
            out.write(f"index mu_star {i} {float(mi['mu_star'][i])!r}\n")
            out.write(f"index sigma {i} {float(mi['sigma'][i])!r}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/sensitivity")
