#!/usr/bin/env python3
"""Muster against Ciw on the same three textbook queues, side by side.

The cases are the scenarios of scenarios/queues/ (M/M/4 at rho = 0.85, a
3-station Jackson tandem, a 2-class non-pre-emptive priority queue; 20,000 h
horizons, the same warm-up and replications). Ciw (the Python
queueing-network simulator) is installed from the Python package index into
a virtual environment (.build/ciw-venv, by scripts/pyvenv.py) on first use. Both run on
one thread, one after the other; the script prints customers per second of
each, their ratio, and the mean time in system of each next to the exact
value from queueing theory, so a fast wrong answer shows.

    python3 scripts/ciw-compare.py                      # release binary
    python3 scripts/ciw-compare.py --replications 3     # quicker
    python3 scripts/ciw-compare.py --case priority      # one case
    python3 scripts/ciw-compare.py --muster .build/debug/muster

Timings on a shared machine are noisy: the ratio of two runs made in the
same minute is the figure to read.
"""
import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HORIZON = 20000.0
WARMUP = 500.0


def erlang_c(c, a):
    """Probability of waiting in M/M/c with offered load a = lambda/mu."""
    s = sum(a ** k / math.factorial(k) for k in range(c))
    last = a ** c / math.factorial(c) * c / (c - a)
    return last / (s + last)


def wq(c, lam, mu):
    return erlang_c(c, lam / mu) / (c * mu - lam)


# name, scenario, Muster mode, exact mean report-to-close (hours) per class.
CASES = [
    ("M/M/4", "queues/mm4.yaml", "p2p", {"all": wq(4, 3.4, 1.0) + 1.0}),
    ("tandem", "queues/tandem.yaml", "tiered",
     {"all": wq(1, 2.0, 2.5) + wq(2, 2.0, 1.25) + wq(3, 2.0, 1 / 1.2) + 0.4 + 0.8 + 1.2}),
    ("priority", "queues/priority.yaml", "p2p", {
        "urgent": erlang_c(2, 1.7) / 2 / (1 - 0.425) + 1.0,
        "routine": erlang_c(2, 1.7) / 2 / ((1 - 0.425) * (1 - 0.85)) + 1.0,
    }),
]


def ciw_network(ciw, name):
    E = ciw.dists.Exponential
    if name == "M/M/4":
        return ciw.create_network(arrival_distributions=[E(rate=3.4)], service_distributions=[E(rate=1.0)],
                                  number_of_servers=[4])
    if name == "tandem":
        return ciw.create_network(
            arrival_distributions=[E(rate=2.0), None, None],
            service_distributions=[E(rate=2.5), E(rate=1.25), E(rate=1 / 1.2)],
            routing=[[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]],
            number_of_servers=[1, 2, 3])
    return ciw.create_network(
        arrival_distributions={"Class 0": [E(rate=0.85)], "Class 1": [E(rate=0.85)]},
        service_distributions={"Class 0": [E(rate=1.0)], "Class 1": [E(rate=1.0)]},
        priority_classes={"Class 0": 0, "Class 1": 1},
        number_of_servers=[2])


def run_ciw(name, replications):
    """Replications of one case in Ciw: wall seconds, customers, mean time
    in system per class (customers arriving after the warm-up)."""
    import ciw
    start = time.perf_counter()
    cpu_start = time.process_time()
    customers = 0
    sums, counts = {}, {}
    for r in range(replications):
        ciw.seed(r + 1)
        q = ciw.Simulation(ciw_network(ciw, name))
        q.simulate_until_max_time(HORIZON)
        records = q.get_all_records()
        first = {}
        last = {}
        for rec in records:
            if getattr(rec, "record_type", "service") != "service":
                continue
            cid = rec.id_number
            if rec.node == 1:
                first[cid] = rec
            last[cid] = rec if cid not in last or rec.exit_date > last[cid].exit_date else last[cid]
        customers += len(first)
        for cid, rec in first.items():
            if rec.arrival_date < WARMUP:
                continue
            end = last[cid]
            if name == "tandem" and end.node != 3:
                continue
            key = "all" if name != "priority" else ("urgent" if str(rec.customer_class) in ("0", "Class 0") else "routine")
            sums[key] = sums.get(key, 0.0) + end.exit_date - rec.arrival_date
            counts[key] = counts.get(key, 0) + 1
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    return wall, cpu, customers, {k: sums[k] / counts[k] for k in sums}


def run_muster(binary, scenario, mode, replications):
    path = os.path.join(ROOT, "scenarios", scenario)
    cmd = [binary, "run", path, "--mode", mode, "--threads", "1", "--replications", str(replications), "--json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = json.loads(out)["incidents"]["modes"][mode]
    customers = int(round(summary["occurred"] * replications))
    means = {"all": summary["close_hours"]["mean"]}
    for kind, figures in summary["close_hours_by_kind"].items():
        means[kind] = figures["mean"]
    return wall, cpu, customers, means


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--muster", default=os.path.join(ROOT, ".build", "release", "muster"))
    p.add_argument("--replications", type=int, default=10)
    p.add_argument("--case", action="append", choices=[c[0] for c in CASES], dest="cases",
                   help="run only this case (repeatable; default: all three)")
    p.add_argument("--repeats", type=int, default=3,
                   help="Muster runs per case, the fastest counted (default 3): a run of a few tenths of a second "
                        "is easily slowed by other work, Ciw's minute-long run averages it out")
    p.add_argument("--ciw-only", metavar="CASE", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.ciw_only:
        wall, cpu, customers, means = run_ciw(a.ciw_only, a.replications)
        print(json.dumps({"wall": wall, "cpu": cpu, "customers": customers, "means": means}))
        return 0
    if not os.access(a.muster, os.X_OK):
        print(f"error: {a.muster} is not an executable; build it (swift build -c release) or give --muster",
              file=sys.stderr)
        return 2
    # Re-runs this script in .build/ciw-venv, with Ciw installed there.
    sys.path.insert(0, HERE)
    import pyvenv
    pyvenv.ensure("ciw-compare", "ciw-venv", ["ciw"], ["ciw"], required=True)
    python = sys.executable
    version = subprocess.run([python, "-c", "import ciw; print(ciw.__version__)"], check=True,
                             capture_output=True, text=True).stdout.strip()
    print(f"Ciw {version} and {a.muster}, {a.replications} replications of 20,000 h each, one thread"
          f" (Muster: fastest of {max(1, a.repeats)} runs)\n")
    print(f"{'':10} {'customers per CPU second':^35} {'per wall second':^17}")
    print(f"{'case':10} {'Ciw':>10} {'Muster':>12} {'ratio':>10}  {'ratio':>16}   "
          f"{'time in system, h: exact':>25} {'Ciw':>7} {'Muster':>7}")
    for name, scenario, mode, exact in CASES:
        if a.cases and name not in a.cases:
            continue
        ciw_out = subprocess.run([python, __file__, "--ciw-only", name, "--replications", str(a.replications)],
                                 check=True, capture_output=True, text=True).stdout
        c = json.loads(ciw_out)
        runs = [run_muster(a.muster, scenario, mode, a.replications) for _ in range(max(1, a.repeats))]
        m_wall, m_cpu, m_customers, m_means = min(runs, key=lambda r: r[1])
        ciw_rate = c["customers"] / c["cpu"]
        muster_rate = m_customers / m_cpu
        wall_ratio = (m_customers / m_wall) / (c["customers"] / c["wall"])
        for i, (cls, value) in enumerate(exact.items()):
            head = (f"{name:10} {ciw_rate:10,.0f} {muster_rate:12,.0f} {muster_rate / ciw_rate:9.1f}×"
                    f"  {wall_ratio:15.1f}×" if i == 0 else " " * 63)
            print(f"{head}   {cls:>16} {value:8.3f} {c['means'].get(cls, float('nan')):7.3f} "
                  f"{m_means.get(cls, float('nan')):7.3f}")
    print("\nCustomers: those that arrived over the horizon, per second of CPU time (user + system:"
          "\nsteady when other work shares the machine) and per wall second; Muster's include starting"
          "\nthe process and reading the scenario. Time in system: customers arriving after the"
          f"\n{WARMUP:.0f} h warm-up; Muster's is report to close, the mean of replication means.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
