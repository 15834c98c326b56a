#!/usr/bin/env python3
"""Check schemas/*.schema.json with an independent validator (python jsonschema).

Every shipped scenario (scenarios/*.yaml) must validate against
schemas/scenario.schema.json and every sweep file (scenarios/sweeps/*.yaml)
against schemas/sweep.schema.json; a few broken variants (unknown key,
negative duration, probability above 1, unknown distribution) must not.

Needs jsonschema and PyYAML. When they are not importable, the script
makes a virtual environment under .build/schema-venv (scripts/pyvenv.py) and installs them
with pip; only when pip cannot reach the package index does it skip (exit 0)
with a message saying so.

    python3 scripts/schema-check.py        # or: make schema-check
"""
import copy
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure_packages():
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import pyvenv
    pyvenv.ensure("schema-check", "schema-venv", ["jsonschema", "yaml"], ["jsonschema", "pyyaml"])


def main():
    ensure_packages()
    import jsonschema
    import yaml

    def load_schema(name):
        with open(os.path.join(ROOT, "schemas", name), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        return jsonschema.Draft202012Validator(schema)

    def load_yaml(path):
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)

    scenario = load_schema("scenario.schema.json")
    sweep = load_schema("sweep.schema.json")
    failures = []

    def expect(validator, doc, valid, label):
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if valid and errors:
            failures.append(f"{label}: expected valid, got: " +
                            "; ".join(f"{'.'.join(map(str, e.path)) or '(top)'}: {e.message[:200]}" for e in errors[:5]))
        elif not valid and not errors:
            failures.append(f"{label}: expected a schema error, found none")
        else:
            print(f"ok   {label}" + ("" if valid else f" (rejected at {'.'.join(map(str, errors[0].path)) or 'top'})"))

    scen_dir = os.path.join(ROOT, "scenarios")
    shipped = sorted(n for n in os.listdir(scen_dir) if n.endswith(".yaml"))
    for name in shipped:
        expect(scenario, load_yaml(os.path.join(scen_dir, name)), True, f"scenarios/{name}")
    sweep_dir = os.path.join(scen_dir, "sweeps")
    for name in sorted(n for n in os.listdir(sweep_dir) if n.endswith(".yaml")):
        expect(sweep, load_yaml(os.path.join(sweep_dir, name)), True, f"scenarios/sweeps/{name}")

    base = load_yaml(os.path.join(scen_dir, "beilun.yaml"))
    typhoon = load_yaml(os.path.join(scen_dir, "typhoon.yaml"))

    def broken(doc, edit, label, validator=scenario):
        d = copy.deepcopy(doc)
        edit(d)
        expect(validator, d, False, label)

    broken(base, lambda d: d.__setitem__("replicatons", 10), "unknown top-level key")
    broken(base, lambda d: d.setdefault("team", {}).__setitem__("volunteer", 3), "unknown key in a section")
    broken(base, lambda d: d.setdefault("field", {}).__setitem__("revisit_after", "-2h"), "negative duration -2h")
    broken(base, lambda d: d.setdefault("field", {}).__setitem__("revisit_after", 30), "duration without a unit")
    broken(base, lambda d: d.setdefault("p2p", {}).__setitem__("adoption", 1.5), "probability 1.5")
    broken(base, lambda d: d.setdefault("p2p", {}).__setitem__("adoption", "150%"), "probability 150%")
    broken(base, lambda d: d.setdefault("field", {}).__setitem__("visit", {"dist": "pareto", "mean": "5m"}),
           "unknown distribution")
    broken(base, lambda d: d.setdefault("field", {}).__setitem__("visit", {"dist": "uniform", "min": "1m"}),
           "distribution missing a parameter")
    broken(base, lambda d: d.setdefault("tiered", {}).__setitem__("microgrid", {"handlers": 1}), "unknown relay level")
    broken(base, lambda d: d.setdefault("tiered", {}).setdefault("default", {}).__setitem__("forward", "shout"),
           "unknown choice")
    broken(typhoon, lambda d: next(iter(d["incidents"]["kinds"].values())).__setitem__("rat", 1), "unknown key of an incident kind")
    vol = load_yaml(os.path.join(sweep_dir, "volunteers.yaml"))
    broken(vol, lambda d: d.__setitem__("axis", {}), "sweep: unknown top-level key", sweep)
    broken(vol, lambda d: d.__setitem__("design", "random"), "sweep: unknown design", sweep)

    if failures:
        print("\n".join("FAIL " + f for f in failures))
        sys.exit(1)
    print(f"schema-check: {len(shipped)} scenarios and the sweep files validate; every broken case is rejected")


if __name__ == "__main__":
    main()
