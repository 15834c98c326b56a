#!/usr/bin/env python3
"""Fuzz harness for the `muster` CLI (Python 3 standard library only).

Generates inputs deterministically from --seed, runs the binary on each in
its own temporary folder with a memory limit and a timeout, and reports
every run whose exit code is outside the contract (0 success, 1 regression
from `muster check`, 2 bad input, 3 internal error).  A signal (132 SIGILL
from a Swift trap, 134 abort, 139 segfault, ...) or a timeout is a failure.

README.md beside this file has the usage.
"""

import argparse
import collections
import concurrent.futures  # noqa: F401  (kept for readers: the pool is hand-rolled below)
import errno
import hashlib
import json
import os
import random
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ALLOWED_EXIT = {0, 1, 2, 3}
ALL_CLASSES = ["mutate", "set", "sweep", "csv", "structure", "options", "check", "plot", "drill", "question"]
# default share of the inputs per class (--classes NAME:WEIGHT overrides)
DEFAULT_WEIGHTS = {"mutate": 3, "set": 4, "sweep": 1, "csv": 2, "structure": 2, "options": 2, "check": 1, "plot": 1, "drill": 1, "question": 1}
CHEAP = ["lingfeng.yaml", "erlang-c.yaml", "typhoon.yaml"]

# --------------------------------------------------------------------------
# Value pools
# --------------------------------------------------------------------------

NUMERIC_EXTREMES = [
    "0", "-1", "1e300", "-1e300", "1e-300", "2147483648", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "18446744073709551616",
    "4294967296", "-2147483649", "1e19", "1e308", "1.7976931348623157e308",
    "5e-324", "-0", "0.5", "1.5", "nan", ".nan", ".NaN", ".inf", "-.inf", "inf",
    "0x7fffffffffffffff", "0o777", "1_000_000", "1e", "+1", "00", "999999999999999999999999999999",
]
DURATION_EXTREMES = [
    "99999999999w", "1e300h", "1e300s", "1e300d", "-1m", "-1e300h", "0s", "1e-300s",
    "9223372036854775807s", "9223372036854775807w", "2147483648h", "nanh", ".infh",
    "infh", "1e19s", "5e-324s", "1e308w", "0.0000001s", "h", "5", "5x", "5 h", "1e300",
]
TYPE_EXTREMES = [
    "[]", "{}", "[1, 2]", "{a: 1}", "~", "null", "''", "true", "yes", "x", "\"\"",
    "[[[[[[[[]]]]]]]]", "{dist: constant, value: 1e300h}",
    "{dist: lognormal, mean: 1e300h, sd: 1e300h}", "{dist: lognormal, mean: 1s, sd: 1e300h}",
    "{dist: lognormal, mean: 5e-324s, sd: 1e300h}", "{dist: exponential, mean: 0s}",
    "{dist: exponential, mean: 1e300h}", "{dist: poisson, mean: 1e300}",
    "{dist: poisson, mean: 9223372036854775807}", "{dist: poisson, mean: nan}",
    "{dist: poisson, mean: -1}", "{dist: uniform, min: 0s, max: 1e300h}",
    "{dist: uniform, min: 1e300h, max: -1e300h}", "{dist: nosuch}",
    "{min: 9223372036854775807, max: 9223372036854775807}", "{min: -1, max: 1e300}",
    "{min: 0, max: 9223372036854775807}", "{min: 2147483647, max: 2147483648}",
    "{min: 5, max: 1}", "{min: nan, max: nan}",
    "Mon-Sun 00:00-24:00", "daily 23:59-00:00", "daily 00:00-00:00", "Sun-Mon 25:99-99:99",
    "daily 07:00-21:00, daily 07:00-21:00", "always", "never", "Mon 99:99", "Xyz 09:00",
    "[city, city, city]", "[grid, city]", "[]", "[microgrid]",
    "!!binary aGVsbG8=", "!!float 1e400", "!!int 99999999999999999999", "!!str 5",
    "*undefined_alias", "&anchor 5", "'\u0000'", "\"\\u0000\"", "\"\\xff\"",
    "\"\U0001F4A3\"", "\u202e", "-", "?", ":", "|", ">", "%", "@", "`",
]


def huge_string(rng):
    n = rng.choice([1000, 65536, 1 << 20, 5 << 20])
    return rng.choice(["x", "9", "a" * 7 + "\u00e9", "{", "["]) * (n // 8 + 1)


def pick_value(rng, kind="any"):
    r = rng.random()
    if kind == "duration" and r < 0.6:
        return rng.choice(DURATION_EXTREMES)
    if r < 0.45:
        return rng.choice(NUMERIC_EXTREMES)
    if r < 0.6:
        return rng.choice(DURATION_EXTREMES)
    if r < 0.96:
        return rng.choice(TYPE_EXTREMES)
    return huge_string(rng)


def all_values():
    """The fixed value list that the `set` class walks for every key."""
    seen, out = set(), []
    for v in NUMERIC_EXTREMES + DURATION_EXTREMES + TYPE_EXTREMES:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


# --------------------------------------------------------------------------
# A tiny YAML key walker (no PyYAML needed)
# --------------------------------------------------------------------------

KEY_LINE = re.compile(r"^(\s*)([A-Za-z_][\w.\-]*)\s*:(?:\s+(.*))?$")


def strip_comment(line):
    out, q = [], None
    for i, c in enumerate(line):
        if q:
            if c == q:
                q = None
        elif c in "'\"":
            q = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        out.append(c)
    return "".join(out).rstrip()


def flow_keys(text, prefix):
    """Dotted paths of a flow mapping such as {dist: lognormal, mean: 3m}."""
    out = []
    text = text.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return out
    body = text[1:-1]
    parts, depth, cur = [], 0, ""
    for c in body:
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    if cur.strip():
        parts.append(cur)
    for p in parts:
        if ":" not in p:
            continue
        k, v = p.split(":", 1)
        k, v = k.strip(), v.strip()
        path = prefix + "." + k
        out.append(path)
        if v.startswith("{"):
            out.extend(flow_keys(v, path))
    return out


def yaml_key_paths(text):
    """Every dotted key path of a block-style YAML file (scalars, flow
    mappings' members, and the mapping keys themselves)."""
    paths, stack = [], []  # stack of (indent, key)
    for raw in text.splitlines():
        line = strip_comment(raw)
        if not line.strip() or line.lstrip().startswith("-"):
            continue
        m = KEY_LINE.match(line)
        if not m:
            continue
        indent = len(m.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = ".".join([k for _, k in stack] + [m.group(2)])
        value = (m.group(3) or "").strip()
        paths.append(path)
        if value.startswith("{"):
            paths.extend(flow_keys(value, path))
        if not value:
            stack.append((indent, m.group(2)))
    seen, out = set(), []
    for p in paths:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


# --------------------------------------------------------------------------
# Text mutators
# --------------------------------------------------------------------------

SCALAR_RE = re.compile(r"(?:^|[{,\s])([A-Za-z_][\w.\-]*):[ \t]+([^,{}\[\]#\n]+?)[ \t]*(?=,|\}|$|\s#)")


def mutate_yaml_text(rng, text, nmut=None):
    lines = text.split("\n")
    nmut = nmut or rng.choice([1, 1, 1, 2, 3, 5])
    for _ in range(nmut):
        op = rng.random()
        if not lines:
            lines = [""]
        i = rng.randrange(len(lines))
        if op < 0.40:
            # replace a scalar value (block or inside a flow mapping)
            cands = [(j, m) for j, l in enumerate(lines) for m in SCALAR_RE.finditer(l)
                     if not l.lstrip().startswith("#")]
            if cands:
                j, m = rng.choice(cands)
                key = m.group(1)
                kind = "duration" if re.search(r"\d[smhdw]$", m.group(2)) else "any"
                v = pick_value(rng, kind)
                if key in ("mean", "sd", "value") and rng.random() < 0.3:
                    v = rng.choice(DURATION_EXTREMES)
                l = lines[j]
                lines[j] = l[:m.start(2)] + v + l[m.end(2):]
        elif op < 0.52:
            del lines[i]
        elif op < 0.62:
            lines.insert(i, lines[i])
        elif op < 0.72:
            # unknown key at a random indentation level
            ind = re.match(r"\s*", lines[i]).group(0)
            lines.insert(i, ind + rng.choice(["unknown_key", "zz", "layout", "name", "<<", "?", "seed"])
                         + ": " + pick_value(rng))
        elif op < 0.78:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op < 0.83:
            # re-indent a line
            lines[i] = rng.choice(["", " ", "\t", "        "]) + lines[i].lstrip()
        elif op < 0.87:
            lines = lines[: rng.randrange(len(lines) + 1)]
        elif op < 0.92:
            # append a wrong-typed override of a whole section
            sec = rng.choice(["layout", "team", "field", "tiered", "p2p", "incidents", "scope",
                              "simulate", "start", "replications", "seed", "name"])
            lines.append(f"{sec}: {pick_value(rng)}")
        elif op < 0.95:
            # mangle characters
            l = lines[i]
            if l:
                k = rng.randrange(len(l))
                lines[i] = l[:k] + rng.choice(["\t", "\"", "'", "{", "[", ":", "&a ", "*a", "!!", "\u00a0", "\r"]) + l[k:]
        else:
            lines.insert(i, huge_string(rng)[: rng.choice([100, 10000, 1 << 20])])
    out = "\n".join(lines)
    if rng.random() < 0.05:
        out = out.replace("\n", "\r\n")
    if rng.random() < 0.03:
        out = "\ufeff" + out
    return out


def mutate_lines(rng, text, nmut=None):
    """Generic line-oriented mutation for CSV/JSON text."""
    lines = text.split("\n")
    nmut = nmut or rng.choice([1, 1, 2, 3])
    for _ in range(nmut):
        if not lines:
            lines = [""]
        i = rng.randrange(len(lines))
        op = rng.random()
        if op < 0.45:
            nums = list(re.finditer(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", lines[i]))
            if nums:
                m = rng.choice(nums)
                v = rng.choice(NUMERIC_EXTREMES + ["", "x", "1e400", "-1e400", "NaN", "Infinity", "\"\""])
                lines[i] = lines[i][:m.start()] + v + lines[i][m.end():]
        elif op < 0.6:
            del lines[i]
        elif op < 0.72:
            lines.insert(i, lines[i])
        elif op < 0.8:
            lines = lines[: rng.randrange(len(lines) + 1)]
        elif op < 0.88:
            l = lines[i]
            k = rng.randrange(len(l) + 1)
            lines[i] = l[:k] + rng.choice([",", "\"", ",,,,", "\t", "\u0000", "\ufffd", "{", "]"]) + l[k:]
        elif op < 0.94:
            lines[i] = lines[i] * rng.choice([2, 100, 10000])
        else:
            lines.insert(i, huge_string(rng)[:rng.choice([100, 100000])])
    return "\n".join(lines)


def json_leaves(obj, path=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from json_leaves(v, path + (k,))
        if not obj:
            yield path
    elif isinstance(obj, list):
        if len(obj) > 0:
            idx = list(range(min(len(obj), 3))) + [len(obj) - 1]
            for i in sorted(set(idx)):
                yield from json_leaves(obj[i], path + (i,))
        else:
            yield path
    else:
        yield path


JSON_RAW = ["1e400", "-1e400", "NaN", "Infinity", "-Infinity", "9223372036854775808",
            "9223372036854775807", "-9223372036854775809", "1e-400", "0", "-1", "-0", "null",
            "true", "\"x\"", "\"\"", "[]", "{}", "[null]", "1.7976931348623157e308", "5e-324",
            "18446744073709551616", "2147483648", "\"\\ud800\"", "\"\\u0000\""]


def mutate_json_text(rng, text):
    try:
        obj = json.loads(text)
    except Exception:
        return mutate_lines(rng, text)
    op = rng.random()
    marker = "\"@@FUZZ@@\""

    def setp(o, path, v):
        for p in path[:-1]:
            o = o[p]
        if path:
            o[path[-1]] = v
            return True
        return False

    if op < 0.55:
        leaves = list(json_leaves(obj))
        path = rng.choice(leaves)
        if not setp(obj, path, "@@FUZZ@@"):
            return rng.choice(JSON_RAW)
        raw = rng.choice(JSON_RAW) if rng.random() < 0.85 else "[" * 100000 + "]" * 100000
        return json.dumps(obj, indent=2).replace(marker, raw, 1)
    if op < 0.75:
        # resize arrays
        arrays = []

        def walk(o, p=()):
            if isinstance(o, dict):
                for k, v in o.items():
                    walk(v, p + (k,))
            elif isinstance(o, list):
                arrays.append(p)
        walk(obj)
        if arrays:
            p = rng.choice(arrays)
            cur = obj
            for k in p:
                cur = cur[k]
            n = rng.choice([0, 1, 2, 3, 100000])
            new = (cur * (n // max(len(cur), 1) + 1))[:n] if cur else [1.0] * n
            if p:
                setp(obj, p, new)
        return json.dumps(obj)
    if op < 0.88:
        # remove or add keys
        if isinstance(obj, dict) and obj:
            if rng.random() < 0.5:
                del obj[rng.choice(list(obj))]
            else:
                obj[rng.choice(["zz", "modes", "format", "replications", "seed"])] = rng.choice(
                    [None, 1e300, -1, "x", [], {}, {"x": {"y": []}}])
        return json.dumps(obj)
    return mutate_lines(rng, text)


# --------------------------------------------------------------------------
# Structure generators
# --------------------------------------------------------------------------

def deep_block_seq(d):
    return "- " * d + "x"


def deep_block_map(d):
    # one space of indentation per level keeps 5000 levels at ~12 MB
    return "\n".join(" " * i + "a:" for i in range(d)) + " 1"


def deep_flow(d, kind):
    if kind == "list":
        return "[" * d + "]" * d
    return "{a: " * d + "1" + "}" * d


def alias_bomb(levels, width=10):
    out = ["b0: &b0 [" + ", ".join(["lol"] * width) + "]"]
    for k in range(1, levels):
        out.append(f"b{k}: &b{k} [" + ", ".join([f"*b{k - 1}"] * width) + "]")
    return "\n".join(out), f"b{levels - 1}"


# --------------------------------------------------------------------------
# Case generation
# --------------------------------------------------------------------------

class Gen:
    def __init__(self, repo, cache):
        self.repo = repo
        self.cache = cache
        self.scen = {}
        sdir = os.path.join(repo, "scenarios")
        for f in sorted(os.listdir(sdir)):
            if f.endswith(".yaml"):
                self.scen[f] = open(os.path.join(sdir, f), encoding="utf-8").read()
        self.sweeps = {}
        wdir = os.path.join(sdir, "sweeps")
        if os.path.isdir(wdir):
            for f in sorted(os.listdir(wdir)):
                if f.endswith(".yaml"):
                    self.sweeps[f] = open(os.path.join(wdir, f), encoding="utf-8").read()
        self.baselines = {}
        bdir = os.path.join(repo, "results", "baselines")
        if os.path.isdir(bdir):
            for f in sorted(os.listdir(bdir)):
                if f.endswith(".json"):
                    self.baselines[f] = open(os.path.join(bdir, f), encoding="utf-8").read()
        # every (scenario, key) pair, for the `set` class
        self.keys = []      # (scenario, key) for every scenario
        self.set_keys = []  # each distinct key once, on the cheapest scenario holding it
        pref = {n: i for i, n in enumerate(CHEAP + ["beilun.yaml", "beilun-2019.yaml", "ningbo.yaml"])}
        owner = {}
        for f, t in self.scen.items():
            for k in yaml_key_paths(t):
                self.keys.append((f, k))
                if k not in owner or pref.get(f, 99) < pref.get(owner[k], 99):
                    owner[k] = f
        for f, k in self.keys:
            if owner.get(k) == f and (f, k) not in self.set_keys:
                self.set_keys.append((f, k))
        self.values = all_values()
        self.set_space = len(self.set_keys) * len(self.values)
        # the output folders that `plot` mutates (filled by prepare())
        self.run_out = None
        self.sweep_out = None

    # ---- helpers ----
    def base_files(self, names):
        return {n: self.scen[n] for n in names}

    @staticmethod
    def run_args(rng, scen, out=False):
        a = ["run", scen, "--replications", "1", "--threads", "1", "--quiet"]
        if rng.random() < 0.15:
            a += ["--mode", rng.choice(["tiered", "p2p"])]
        if rng.random() < 0.1:
            a.append("--json")
        if out:
            a += ["--out", "out"]
        return a

    def command_for(self, rng, scen_name, path="input.yaml"):
        """validate/run/compare on a (mutated) scenario file; ningbo is only validated."""
        if scen_name == "ningbo.yaml" or scen_name.startswith("beilun") and rng.random() < 0.5:
            return [["validate", path]], {}
        r = rng.random()
        if r < 0.4:
            return [["validate", path]], {}
        if r < 0.85:
            return [self.run_args(rng, path, out=rng.random() < 0.25)], {}
        return [["compare", path, "lingfeng.yaml", "--replications", "1", "--threads", "1", "--quiet"]], \
            {"lingfeng.yaml": self.scen["lingfeng.yaml"]}

    # ---- classes ----
    def g_mutate(self, rng, k):
        name = list(self.scen)[k % len(self.scen)]
        text = mutate_yaml_text(rng, self.scen[name])
        cmds, extra = self.command_for(rng, name)
        files = {"input.yaml": text}
        files.update(extra)
        return {"files": files, "cmds": cmds, "note": f"mutation of scenarios/{name}"}

    def g_set(self, rng, k):
        # every key in turn (keys vary fastest), each with a value from a
        # seed-shuffled walk of the value list, so N keys x V values are
        # all covered after N*V inputs of this class
        nk, nv = len(self.set_keys), len(self.values)
        name, key = self.set_keys[k % nk]
        perm = list(range(nv))
        random.Random(f"{self.perm_seed}:{key}").shuffle(perm)
        value = self.values[perm[(k // nk) % nv]]
        files = {name: self.scen[name]}
        sets = ["--set", f"{key}={value}"]
        if rng.random() < 0.15:
            k2 = rng.choice([kk for nn, kk in self.keys if nn == name])
            sets += ["--set", f"{k2}={pick_value(rng)}"]
        if name in ("ningbo.yaml",) or rng.random() < 0.45:
            cmd = ["validate", name] + sets
        elif name in CHEAP or rng.random() < 0.3:
            cmd = self.run_args(rng, name, out=rng.random() < 0.1) + sets
        else:
            cmd = ["validate", name] + sets
        return {"files": files, "cmds": [cmd], "note": f"--set {key}={value[:60]} on scenarios/{name}"}

    def small_sweep(self, rng):
        return ("name: fz\nscenario: lingfeng.yaml\nmode: both\naxes:\n"
                "  team.volunteers: {from: 0, to: 2, step: 1}\n"
                "  layout.households: [50, 100]\n"
                "  field.revisit_after: {from: 30, to: 480, count: 2, scale: log, unit: m}\n"
                "design: grid\nreplications: 1\n"
                "measures: [order_complete_hours, field_complete_hours, visited]\n")

    def g_sweep(self, rng, k):
        if self.sweeps and rng.random() < 0.4:
            name = list(self.sweeps)[k % len(self.sweeps)]
            t = self.sweeps[name]
            t = re.sub(r"(?m)^scenario:.*$", "scenario: lingfeng.yaml", t)
            t = re.sub(r"(?m)^replications:.*$", "replications: 1", t)
            # keep the point count small before mutation
            t = t.replace("{from: 0, to: 10, step: 1}", "{from: 0, to: 1, step: 1}")
            t = t.replace("{from: 50, to: 100, step: 10}", "{from: 50, to: 100, step: 50}")
        else:
            t = self.small_sweep(rng)
        r = rng.random()
        if r < 0.7:
            t = mutate_yaml_text(rng, t)
        elif r < 0.9:
            t += rng.choice([
                "  team.heads: {from: 1, to: 1e300, step: 1}\n",
                "  team.heads: {from: 0, to: 1, step: 1e-300}\n",
                "  team.heads: {from: 0, to: 10, step: 0}\n",
                "  team.heads: {from: 10, to: 0, step: -1}\n",
                "  team.heads: {from: 1, to: 9223372036854775807, count: 9223372036854775807}\n",
                "  team.heads: {from: 0, to: 100, count: 2147483648}\n",
                "  team.heads: {from: 0, to: 100, count: 3, scale: log}\n",
                "  team.heads: {from: -1, to: 100, count: 3, scale: log}\n",
                "  team.heads: {from: nan, to: .inf, count: 3}\n",
                "  field.visit: {from: 1, to: 1e300, count: 2, unit: w}\n",
                "  field.visit: {values: [1e300h, 99999999999w]}\n",
                "  team.heads: {values: []}\n",
                "  seed: [1, 2]\n",
                "  a.b.c.d: [1]\n",
                "  " + ".".join(["x"] * 5000) + ": [1, 2]\n",
            ] + ["design: {type: lhs, points: " + v + "}\n" for v in
                 ["0", "-1", "1e300", "9223372036854775807", "2147483648", "nan", "1"]]
                + ["precision: {target: " + v + ", batch: 2, max: 3}\n" for v in ["0", "1e-300", "nan", "-1", "1e300"]]
                + ["precision: {target: 0.5, batch: " + v + ", max: " + w + "}\n"
                   for v, w in [("2", "9223372036854775807"), ("9223372036854775807", "3"), ("1", "1"), ("0", "0")]])
        files = {"sweep.yaml": t, "lingfeng.yaml": self.scen["lingfeng.yaml"]}
        base = ["sweep", "sweep.yaml", "--out", "sw", "--threads", "1", "--quiet"]
        if rng.random() < 0.2:
            base += ["--shard", rng.choice(["0/0", "1/0", "0/1", "2/1", "-1/2", "1/9223372036854775807",
                                            "9223372036854775807/9223372036854775807", "1/1", "2/2",
                                            "1/2/3", "a/b", "1e300/1"])]
        cmds = [base]
        if rng.random() < 0.15:
            cmds.append(base + ["--resume"])
        if rng.random() < 0.1:
            cmds.append(["merge", "sw", "sw", "--out", "merged"])
        if rng.random() < 0.1:
            cmds.append(["plot", "sw", "--quiet"] + (["--x", pick_value(rng)] if rng.random() < 0.5 else []))
        return {"files": files, "cmds": cmds, "note": "sweep mutation"}

    @staticmethod
    def layout_csv(rng):
        rows = ["id,parent,level,households", "c,,city,"]
        nd = rng.randint(1, 2)
        for d in range(nd):
            rows.append(f"d{d},c,district,")
            for s in range(rng.randint(1, 2)):
                sid = f"s{d}_{s}"
                rows.append(f"{sid},d{d},street,")
                rows.append(f"k{sid},{sid},community,")
                rows.append(f"g{sid},k{sid},grid,")
                for m in range(rng.randint(1, 3)):
                    rows.append(f"m{sid}_{m},g{sid},microgrid,{rng.choice(['', '50', '80'])}")
        return "\n".join(rows) + "\n"

    def csv_scenario(self, rng, file="layout.csv"):
        t = self.scen["lingfeng.yaml"]
        t = re.sub(r"(?ms)^layout:\n(?:  .*\n|\s*\n)*", f"layout:\n  file: {file}\n  households: {{min: 50, max: 80}}\n\n", t)
        return t

    def g_csv(self, rng, k):
        csv = self.layout_csv(rng)
        r = rng.random()
        if r < 0.55:
            csv = mutate_lines(rng, csv)
        elif r < 0.7:
            # households extremes on micro-grids
            csv = re.sub(r"(microgrid,)(\d*)", lambda m: m.group(1) + rng.choice(NUMERIC_EXTREMES + ["", "1e300"]), csv)
        elif r < 0.8:
            # many rows / wide fan-out
            # Wide enough to stress the reader; a run on 300,000 micro-grids
            # is legitimately slower than the per-input timeout.
            n = rng.choice([1000, 30000])
            csv = csv + "".join(f"x{i},gs0_0,microgrid,{rng.choice(['', '1', '100'])}\n" for i in range(n))
        elif r < 0.86:
            # long parent chains and cycles
            n = rng.choice([100, 10000, 100000])
            csv = "id,parent,level,households\nc,,city,\n" + "".join(
                f"n{i},n{(i + 1) % n},grid,\n" for i in range(n)) + "m,c,microgrid,5\n"
        elif r < 0.92:
            csv = rng.choice([
                "", "\ufeff", "id,parent,level,households", "\u0000" * 1000, "\xff\xfe",
                "id,parent,level,households\n" + "\"" * 100000,
                "id,parent,level,households\nc,,city,\nm,c,microgrid," + "9" * 100000 + "\n",
                "id,parent,level,households\n" + "," * 100000 + "\n",
                "id,parent,level,households\r" + "c,,city,\r" + "m,c,microgrid,5\r",
                "ID,PARENT,LEVEL,HOUSEHOLDS\nC,,CITY,\nM,C,MICROGRID,5\n",
            ])
        else:
            csv = csv.replace(",", rng.choice([";", ",,", "\t", "\",\""]), rng.randint(1, 5))
        scen = self.csv_scenario(rng)
        if rng.random() < 0.3:
            scen += "scope: [" + rng.choice(["s0_0", "c", "mgs0_0_0", "zz", "", "s0_0, s0_0"]) + "]\n"
        files = {"input.yaml": scen, "layout.csv": csv}
        if rng.random() < 0.5:
            cmds = [["validate", "input.yaml"]]
        else:
            cmds = [self.run_args(rng, "input.yaml", out=rng.random() < 0.15)]
        return {"files": files, "cmds": cmds, "note": "layout CSV mutation"}

    def g_structure(self, rng, k):
        base = self.scen["lingfeng.yaml"]
        choice = k % 12
        files = {}
        setup = {}
        cmds = None
        depth = rng.choice([1, 2, 10, 100, 500, 1000, 2000, 5000])
        if choice == 0:
            doc = base + "\nextra: " + deep_flow(depth, rng.choice(["list", "map"])) + "\n"
            note = f"flow nesting {depth} under an unknown key"
        elif choice == 1:
            where = rng.choice(["layout.households", "team.volunteers", "tiered.levels", "field.visit", "name"])
            v = deep_flow(depth, rng.choice(["list", "map"]))
            cmds = [["validate", "lingfeng.yaml", "--set", f"{where}={v}"]]
            doc = None
            note = f"--set {where}=<flow nesting {depth}>"
        elif choice == 2:
            doc = base + "\nextra:\n" + "\n".join("  " + l for l in deep_block_map(depth).split("\n")) + "\n"
            note = f"block mapping nesting {depth}"
        elif choice == 3:
            doc = base + "\nextra:\n  " + deep_block_seq(depth) + "\n"
            note = f"block sequence nesting {depth}"
        elif choice == 4:
            doc = deep_flow(depth, rng.choice(["list", "map"])) + "\n"
            note = f"whole document is flow nesting {depth}"
        elif choice == 5:
            levels = rng.choice([2, 4, 6, 8, 9, 10])
            bomb, top = alias_bomb(levels)
            where = rng.choice(["extra", "name", "layout.households", "tiered.levels", "team"])
            doc = "bomb:\n" + "\n".join("  " + l for l in bomb.split("\n")) + "\n" + base
            if where == "extra":
                doc += f"\nextra: *b{levels - 1}\n"
            elif where == "name":
                doc = doc.replace("name: lingfeng", f"name: *b{levels - 1}", 1)
            elif where == "team":
                doc = doc.replace("\nteam:\n", f"\nteam: *b{levels - 1}\nteam_old:\n", 1)
            elif where == "tiered.levels":
                doc = doc.replace("levels: [city, district, street, community, grid]", f"levels: *b{levels - 1}", 1)
            else:
                doc = doc.replace("households: {min: 50, max: 80}", f"households: *b{levels - 1}", 1)
            note = f"alias bomb 10^{levels} at {where}"
        elif choice == 6:
            n = rng.choice([1, 10, 100, 1000, 5000, 10000, 20000])
            key = rng.choice(["layout.fanout", "layout", "x", "team.volunteers"]) + "." + ".".join(["x"] * n)
            cmds = [["validate", "lingfeng.yaml", "--set", f"{key}=1"]]
            if rng.random() < 0.3:
                cmds = [self.run_args(rng, "lingfeng.yaml") + ["--set", f"{key}=1"]]
            doc = None
            note = f"--set with {n + 2} path segments"
        elif choice == 7:
            special = rng.choice(["/dev/zero", "/dev/urandom", "/dev/null", "fifo", "fifo-csv", "fifo-inf",
                                  ".", "/", "/proc/self/mem", "/proc/self/status", "missing.csv", "dir"])
            doc = self.csv_scenario(rng, file=special.split("-")[0] if special.startswith("fifo") else special)
            setup = self._special_setup(special)
            note = f"layout.file: {special}"
        elif choice == 8:
            special = rng.choice(["/dev/zero", "/dev/urandom", "/dev/null", "fifo", "fifo-inf", "dir", "."])
            target = special.split("-")[0] if special.startswith("fifo") else special
            setup = self._special_setup(special, csv=False)
            cmd = rng.choice(["validate", "run", "compare", "check", "sweep"])
            files["lingfeng.yaml"] = base
            if cmd == "validate":
                cmds = [["validate", target]]
            elif cmd == "run":
                cmds = [self.run_args(rng, target)]
            elif cmd == "compare":
                cmds = [["compare", "lingfeng.yaml", target, "--replications", "1", "--threads", "1", "--quiet"]]
            elif cmd == "check":
                cmds = [["check", "lingfeng.yaml", "--baseline", target, "--replications", "2", "--threads", "1", "--quiet"]]
            else:
                cmds = [["sweep", target, "--out", "sw", "--threads", "1", "--quiet"]]
            doc = None
            note = f"{cmd} reading {special}"
        elif choice == 9:
            # binary junk / invalid UTF-8 / NULs
            junk = bytes(rng.randrange(256) for _ in range(rng.choice([10, 1000, 100000])))
            pos = rng.randrange(len(base))
            files["input.yaml"] = base[:pos].encode() + junk + base[pos:].encode()
            doc = None
            cmds = [["validate", "input.yaml"]]
            note = "binary junk inside a scenario"
        elif choice == 10:
            # a single enormous scalar / key / many keys
            r = rng.random()
            n = rng.choice([1 << 16, 1 << 20, 8 << 20])
            if r < 0.33:
                doc = base.replace("name: lingfeng", "name: " + "x" * n, 1)
            elif r < 0.66:
                doc = base + "\n" + "".join(f"k{i}: {i}\n" for i in range(n // 64))
            else:
                doc = base + "\n" + "x" * n + ": 1\n"
            note = f"huge scalar/key ({n} bytes)"
        else:
            # YAML oddities: tags, anchors, multi docs, merge keys, complex keys
            odd = rng.choice([
                "--- \n...\n--- \n", "%YAML 9.9\n---\n", "%TAG ! tag:x,2000:\n---\n",
                "? [a, b]\n: 1\n", "<<: *nope\n", "x: &a\n  <<: *a\n", "!!python/object:os.system x\n",
                "name: !!binary aGVsbG8=\n", "layout: !!set {a, b}\n", "a: &a [*a]\n",
                "name: |\n" + "  x\n" * 10000, "name: >-\n  x\n", "\t- tab\n", "a: 'unterminated\n",
                "a: \"\\uD800\"\n", "a: [1, 2\n", "{", "[", "]", "}", ":", "- - -", "&", "*", "!", "|",
            ])
            doc = odd + base if rng.random() < 0.5 else base + "\n" + odd
            note = f"YAML oddity {odd[:30]!r}"
        if doc is not None:
            files["input.yaml"] = doc
        if cmds is None:
            cmds = [["validate", "input.yaml"]] if rng.random() < 0.7 else [self.run_args(rng, "input.yaml")]
        files.setdefault("lingfeng.yaml", base)
        return {"files": files, "cmds": cmds, "setup": setup, "note": note}

    @staticmethod
    def _special_setup(special, csv=True):
        if special.startswith("fifo"):
            data = None
            if special == "fifo-csv":
                data = "id,parent,level,households\nc,,city,\nm,c,microgrid,5\n"
            return {"fifo": "fifo", "fifo_data": data, "fifo_infinite": special == "fifo-inf"}
        if special == "dir":
            return {"mkdir": "dir"}
        return {}

    OUT_PLACES = ["out", "out/", "./out", "out/a/b/c/d/e", ".", "", "existing.txt", "input.yaml",
                  "out with space", "out\nnewline", "x" * 255, "x" * 300, "a/" * 1000 + "z",
                  "@ABS@/out", "fifo", "nonempty", "out/../out2", "-", "--json", "\u00e9\u00e8\u202e"]

    def g_options(self, rng, k):
        base = self.scen["lingfeng.yaml"]
        files = {"lingfeng.yaml": base, "existing.txt": "keep me\n", "input.yaml": base,
                 "nonempty/file.txt": "x\n"}
        setup = {}
        reps = ["0", "-1", "1", "2", "100000000", "9223372036854775807", "-9223372036854775808",
                "2147483648", "1e3", "", "x", "1.5"]
        threads = ["0", "-1", "1", "2", "1000", "100000", "9223372036854775807", "-9223372036854775808", "x"]
        seeds = ["-1", "0", "9223372036854775807", "-9223372036854775808", "18446744073709551615",
                 "18446744073709551616", "1e10", "x"]
        fracs = ["0", "-1", "0%", "100%", "1e-300", "1e300", "nan", "inf", "-0", "1%%", "%", "", "2", "0.5",
                 "1e400", "9223372036854775807%", "x"]
        cmd = rng.choice(["run", "run", "run", "compare", "check", "sweep", "plot", "validate", "merge"])
        a = []
        if cmd in ("run", "compare", "check"):
            scen = rng.choice(["lingfeng.yaml", "lingfeng.yaml", "erlang-c.yaml"])
            files[scen] = self.scen[scen]
            if cmd == "run":
                a = ["run", scen, "--quiet"]
            elif cmd == "compare":
                a = ["compare", scen, "lingfeng.yaml", "--quiet"]
                if rng.random() < 0.3:
                    a += ["--variant", f"{rng.choice([kk for nn, kk in self.keys if nn == 'lingfeng.yaml'])}={pick_value(rng)}"]
            else:
                bl = self.baselines.get("lingfeng.json")
                if bl:
                    files["baseline.json"] = bl
                a = ["check", scen, "--baseline", "baseline.json", "--quiet"]
                if rng.random() < 0.5:
                    a += ["--tolerance", rng.choice(fracs)]
                if rng.random() < 0.5:
                    a += ["--alpha", rng.choice(fracs)]
                if rng.random() < 0.4:
                    a += ["--quantiles", rng.choice(["p50,p95", "p0,p100", "p101", "0,1", "1e-300", "nan", "", ",",
                                                     "p50," * 1000, "-1", "p9223372036854775807", "0.5,0.5"])]
                if rng.random() < 0.2:
                    a += ["--update"]
            # replication / thread / seed extremes; keep a cheap default otherwise
            a += ["--replications", rng.choice(reps) if rng.random() < 0.6 else "2"]
            a += ["--threads", rng.choice(threads) if rng.random() < 0.5 else "1"]
            if rng.random() < 0.4:
                a += ["--seed", rng.choice(seeds)]
            if cmd == "run" and rng.random() < 0.3:
                a += ["--precision", rng.choice(fracs)]
                if rng.random() < 0.6:
                    a += ["--max-replications", rng.choice(reps)]
            if rng.random() < 0.15:
                a += ["--mode", rng.choice(["tiered", "p2p", "both", "", "x"])]
            if cmd != "check" and rng.random() < 0.5:
                a += ["--out", rng.choice(self.OUT_PLACES)]
            if rng.random() < 0.1:
                a.append("--json")
        elif cmd == "validate":
            a = ["validate", rng.choice(["lingfeng.yaml", "", "-", "--", "x" * 5000, "nonempty", "existing.txt"])]
        elif cmd == "sweep":
            files["sweep.yaml"] = self.small_sweep(rng)
            a = ["sweep", "sweep.yaml", "--out", rng.choice(self.OUT_PLACES), "--threads", rng.choice(threads), "--quiet"]
            if rng.random() < 0.4:
                a += ["--shard", rng.choice(["0/0", "1/0", "9223372036854775807/9223372036854775807", "1/1",
                                             "-9223372036854775808/1", "1/-1", "/", "1/", "/1"])]
        elif cmd == "plot":
            a = ["plot", rng.choice(self.OUT_PLACES), "--quiet"]
            if rng.random() < 0.3:
                a += ["--x", pick_value(rng)]
        else:
            a = ["merge", rng.choice(["nonempty", "existing.txt", ".", "lingfeng.yaml"]), "--out", rng.choice(self.OUT_PLACES)]
        if "fifo" in a:
            setup = {"fifo": "fifo", "fifo_data": None}
        return {"files": files, "cmds": [a], "setup": setup, "note": f"option extremes for {cmd}"}

    def g_check(self, rng, k):
        if not self.baselines:
            return self.g_options(rng, k)
        name = rng.choice(sorted(self.baselines))
        bl = mutate_json_text(rng, self.baselines[name])
        small = rng.random() < 0.75
        # the baseline's own scenario when it is cheap; lingfeng otherwise
        scen = name.replace(".json", ".yaml")
        if scen not in ("lingfeng.yaml", "beilun.yaml") or not small:
            scen = "lingfeng.yaml"
        files = {"baseline.json": bl, scen: self.scen[scen]}
        a = ["check", scen, "--baseline", "baseline.json", "--threads", "1", "--quiet"]
        if small:
            a += ["--replications", rng.choice(["2", "3", "5"])]
        if rng.random() < 0.1:
            a.append("--json")
        if rng.random() < 0.05:
            a += ["--update"]
        return {"files": files, "cmds": [a], "note": f"mutated results/baselines/{name}"}

    def g_drill(self, rng, k):
        """A mutated drill log (docs/reference/drill-log.md) given to
        `calibrate` with a tiny budget: every fault must be located, exit 2."""
        d = os.path.join(REPO, "scenarios", "drill")
        files = {n: open(os.path.join(d, n)).read() for n in ("district.yaml", "layout.csv")}
        log = open(os.path.join(d, rng.choice(["drill-p2p.csv", "drill-tiered.csv"]))).read()
        files["log.csv"] = mutate_lines(rng, log)
        a = ["calibrate", "district.yaml", "--observed", "log.csv", "--mode", rng.choice(["p2p", "tiered"]),
             "--vary", rng.choice(["field.visit.mean=3..15m", "field.not_home=0.05..0.45", pick_value(rng)]),
             "--population", "20", "--generations", "1", "--threads", "1", "--quiet", "--out", "cal"]
        if rng.random() < 0.3:
            a += ["--observed-until", rng.choice(["10", "0", "-1", "1e308", "nan", pick_value(rng)])]
        return {"files": files, "cmds": [a], "note": "mutated drill log"}

    def g_question(self, rng, k):
        """A mutated selection question (scenarios/questions/*.yaml) for
        `select` on Lingfeng with a small cap."""
        q = open(os.path.join(REPO, "scenarios", "questions", "beilun-best-layout.yaml")).read()
        q = q.replace("scenario: ../beilun.yaml", "scenario: lingfeng.yaml")
        files = {"q.yaml": mutate_lines(rng, q), "lingfeng.yaml": self.scen["lingfeng.yaml"]}
        a = ["select", "--question", "q.yaml", "--first-stage", "5", "--batch", "2", "--max-replications", "20", "--threads", "1", "--quiet"]
        return {"files": files, "cmds": [a], "note": "mutated selection question"}

    def g_plot(self, rng, k):
        src = self.run_out if (rng.random() < 0.8 or not self.sweep_out) else self.sweep_out
        if not src:
            return self.g_options(rng, k)
        files = {}
        for root, _, fs in os.walk(src):
            for f in fs:
                p = os.path.join(root, f)
                rel = os.path.relpath(p, src)
                files["out/" + rel] = open(p, "rb").read()
        names = sorted(files)
        for _ in range(rng.choice([1, 1, 2, 3])):
            n = rng.choice(names)
            data = files[n]
            r = rng.random()
            if r < 0.08:
                del files[n]
                names.remove(n)
                if not names:
                    break
                continue
            if r < 0.12:
                files[n] = b""
                continue
            if n.endswith(".sqlite") or n.endswith(".png"):
                b = bytearray(data)
                for _ in range(rng.choice([1, 10, 100])):
                    if b:
                        b[rng.randrange(len(b))] = rng.randrange(256)
                if rng.random() < 0.2:
                    b = b[: rng.randrange(len(b) + 1)]
                files[n] = bytes(b)
                continue
            try:
                text = data.decode()
            except UnicodeDecodeError:
                continue
            files[n] = (mutate_json_text(rng, text) if n.endswith(".json") else mutate_lines(rng, text)).encode("utf-8", "surrogatepass")
        a = ["plot", "out", "--quiet"]
        if rng.random() < 0.2:
            a += ["--x", rng.choice(["team.volunteers", "layout.households", "zz", "", "seed", pick_value(rng)])]
        return {"files": files, "cmds": [a], "note": "mutated output folder"}

    def generate(self, seed, index, schedule):
        """Input `index`: its class from the weighted round-robin `schedule`,
        and its ordinal k within that class (so class streams are stable)."""
        cls = schedule[index % len(schedule)]
        k = (index // len(schedule)) * schedule.count(cls) + schedule[: index % len(schedule)].count(cls)
        rng = random.Random(f"{seed}:{cls}:{k}")
        self.perm_seed = seed
        case = getattr(self, "g_" + cls)(rng, k)
        case["class"] = cls
        case["index"] = index
        case.setdefault("setup", {})
        return case

    def prepare(self, binary, workdir, env, timeout):
        """Make the output folders that the `plot` class mutates."""
        d = os.path.join(workdir, "prepare")
        os.makedirs(d, exist_ok=True)
        for n in ("lingfeng.yaml",):
            open(os.path.join(d, n), "w").write(self.scen[n])
        open(os.path.join(d, "sweep.yaml"), "w").write(self.small_sweep(random.Random(0)))
        try:
            subprocess.run([binary, "run", "lingfeng.yaml", "--replications", "3", "--threads", "1", "--quiet",
                            "--out", "runout"], cwd=d, env=env, timeout=max(timeout, 60),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if os.path.exists(os.path.join(d, "runout", "summary.json")):
                self.run_out = os.path.join(d, "runout")
            subprocess.run([binary, "sweep", "sweep.yaml", "--out", "sweepout", "--threads", "1", "--quiet"],
                           cwd=d, env=env, timeout=max(timeout, 120),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if os.path.exists(os.path.join(d, "sweepout", "sweep.sqlite")):
                self.sweep_out = os.path.join(d, "sweepout")
        except (subprocess.TimeoutExpired, OSError) as e:
            print(f"warning: preparing plot folders failed: {e}", file=sys.stderr)


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------

def safe_args(argv, cwd, tmp):
    """Refuse any --out/--baseline/plot target outside the per-input folder
    `tmp` (commands run in its subfolder `cwd`, so that `--out .` and the
    binary's temporary siblings of it stay inside `tmp`)."""
    tmp_real = os.path.realpath(tmp)
    for i, a in enumerate(argv):
        target = None
        if a in ("--out", "--baseline") and i + 1 < len(argv):
            target = argv[i + 1]
        if i == 1 and argv[0] == "plot":
            target = a
        if target is None:
            continue
        if target.startswith("/dev/") and a == "--baseline" and "--update" not in argv:
            continue  # reading a device as a baseline is fine; writing is not
        p = os.path.realpath(os.path.join(cwd, target))
        if not p.startswith(tmp_real + os.sep):
            return False
    return True


def materialize(case, tmp):
    for name, content in case["files"].items():
        p = os.path.join(tmp, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        mode = "wb" if isinstance(content, (bytes, bytearray)) else "w"
        with open(p, mode, **({} if mode == "wb" else {"encoding": "utf-8", "errors": "surrogatepass"})) as f:
            f.write(content)
    s = case.get("setup") or {}
    if s.get("mkdir"):
        os.makedirs(os.path.join(tmp, s["mkdir"]), exist_ok=True)
    if s.get("fifo"):
        fp = os.path.join(tmp, s["fifo"])
        if not os.path.exists(fp):
            os.mkfifo(fp)


def fifo_writer(path, data, infinite, stop):
    """Opens the FIFO for writing once a reader appears; writes `data` (or
    an endless CSV) and closes.  Never blocks past `stop`."""
    fd = None
    while not stop.is_set():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as e:
            if e.errno != errno.ENXIO:
                return
            time.sleep(0.02)
    if fd is None:
        return
    try:
        os.set_blocking(fd, False)
        if infinite:
            chunk = ("m,c,microgrid,5\n" * 4096).encode()
            first = b"id,parent,level,households\nc,,city,\n"
            buf = first
            while not stop.is_set():
                try:
                    n = os.write(fd, buf or chunk)
                    buf = (buf or chunk)[n:]
                except BlockingIOError:
                    time.sleep(0.005)
        elif data:
            buf = data.encode()
            while buf and not stop.is_set():
                try:
                    n = os.write(fd, buf)
                    buf = buf[n:]
                except BlockingIOError:
                    time.sleep(0.005)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_tree(path):
    # `rm -rf`, not shutil.rmtree: --out can leave folders 1000 levels deep
    subprocess.run(["rm", "-rf", "--", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_preexec(mem_bytes):
    def preexec():
        if mem_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return preexec


def run_one(binary, argv, tmp, logdir, tag, env, timeout, mem_bytes, prefix=()):
    out_p = os.path.join(logdir, tag + ".out")
    err_p = os.path.join(logdir, tag + ".err")
    t0 = time.time()
    timed_out = False
    with open(out_p, "wb") as fo, open(err_p, "wb") as fe:
        p = subprocess.Popen(list(prefix) + [binary] + argv, cwd=tmp, env=env, stdout=fo, stderr=fe,
                             stdin=subprocess.DEVNULL, start_new_session=True,
                             preexec_fn=make_preexec(mem_bytes))
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
    try:  # leftovers of the run (e.g. a lingering swift-backtrace helper)
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    rc = p.returncode
    if rc < 0:
        rc = 128 - rc
    dt = time.time() - t0

    def tail(path, n):
        with open(path, "rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - n) if size > 3 * n else 0)
            return f.read(3 * n).decode("utf-8", "replace")

    err = tail(err_p, 20000)
    out = tail(out_p, 200000 if prefix else 2000)
    os.unlink(out_p)
    os.unlink(err_p)
    return {"rc": rc, "timeout": timed_out, "secs": round(dt, 3), "stderr": err, "stdout": out}


SRC_FRAME = re.compile(r" at (/\S+?\.swift):(\d+)(?::\d+)?")
FATAL = re.compile(r"(?:^|\n)(?:(\S+\.swift):(\d+): )?Fatal error: ?([^\n]*)")
RUNTIME = re.compile(r"\*\*\* (Swift runtime failure: [^*]+?) \*\*\*")
PROGRAM = re.compile(r"\*\*\* (Program crashed: [^*]+?) \*\*\*")
SIGLINE = re.compile(r"\*\*\* (Signal \d+)")


def first_source_frame(text):
    """The first stack frame in a Sources/ folder (the project's or a
    package's), as path:line relative to the repository."""
    for fm in SRC_FRAME.finditer(text):
        path = fm.group(1)
        if "/Sources/" not in path:
            continue
        if path.startswith(REPO + "/"):
            path = path[len(REPO) + 1:]
        elif "/.build/" not in path:
            path = "Sources/" + path.split("/Sources/", 1)[1]
        return f"{path}:{fm.group(2)}"
    return None


def signature(res, argv, note="", gdb_loc=None):
    """Groups failures: the crash message plus the first frame in Sources/
    (from Swift's backtrace, or else from a rerun under gdb)."""
    if res["timeout"]:
        return f"timeout ({argv[0]}: {re.sub(r'[0-9]+', 'N', note)[:50]})", None
    err = res["stderr"]
    msg = None
    loc = None
    m = RUNTIME.search(err)
    if m:
        msg = re.sub(r"\d+", "N", m.group(1).strip())
    m = FATAL.search(err)
    if m:
        msg = "Fatal error: " + re.sub(r"\d+", "N", m.group(3).strip())[:160]
        if m.group(1):
            loc = f"{m.group(1)}:{m.group(2)}"
    if not msg:
        m = PROGRAM.search(err)
        if m:
            msg = re.sub(r"0x[0-9a-f]+", "ADDR", m.group(1).strip())
    if not msg:
        m = SIGLINE.search(err)
        msg = m.group(1) if m else f"exit {res['rc']}"
        if "stack overflow" in err.lower():
            msg += " (stack overflow)"
    frame_loc = first_source_frame(err) or gdb_loc
    sig = f"rc={res['rc']} {msg} @ {frame_loc or loc or '?'}"
    return sig, (frame_loc or loc)


def is_failure(res):
    if res["timeout"] or res["rc"] not in ALLOWED_EXIT:
        return True
    # exit 1 means "regression" and belongs to `muster check` alone
    argv = res.get("argv") or [""]
    return res["rc"] == 1 and argv[0] != "check"


def copy_inputs(case, dest):
    os.makedirs(dest, exist_ok=True)
    materialize_files_only(case, os.path.join(dest, "files"))
    with open(os.path.join(dest, "case.json"), "w") as f:
        meta = {k: v for k, v in case.items() if k != "files"}
        meta["file_names"] = sorted(case["files"])
        json.dump(meta, f, indent=1, default=str)


def materialize_files_only(case, d):
    c = dict(case)
    c["setup"] = {k: v for k, v in (case.get("setup") or {}).items() if k == "mkdir"}
    os.makedirs(d, exist_ok=True)
    materialize(c, d)


def quote(a):
    if re.fullmatch(r"[\w./@%+=:,-]+", a):
        return a
    if len(a) > 200:
        return "'" + a[:60].replace("'", "'\\''") + f"...<{len(a)} chars>'"
    return "'" + a.replace("'", "'\\''") + "'"


def execute_case(case, binary, workroot, env, timeout, mem_bytes, prefix=(), only_last=False):
    tmp = tempfile.mkdtemp(prefix=f"c{case['index']:06d}-", dir=workroot)
    cwd = os.path.join(tmp, "w")
    os.makedirs(cwd)
    logdir = workroot
    results = []
    stop = threading.Event()
    writer = None
    try:
        materialize(case, cwd)
        s = case.get("setup") or {}
        if s.get("fifo") and (s.get("fifo_data") or s.get("fifo_infinite")):
            writer = threading.Thread(target=fifo_writer, daemon=True,
                                      args=(os.path.join(cwd, s["fifo"]), s.get("fifo_data"),
                                            s.get("fifo_infinite"), stop))
            writer.start()
        for j, argv in enumerate(case["cmds"]):
            # exec limits: no NUL in an argument, at most 128 KiB per argument
            argv = [a.replace("@ABS@", cwd).replace("\0", "\\0").encode("utf-8", "surrogateescape")[:100000]
                    .decode("utf-8", "ignore") for a in argv]
            # under gdb, only the failing (last) command runs in the debugger
            pre = prefix if (not only_last or j == len(case["cmds"]) - 1) else ()
            if not safe_args(argv, cwd, tmp):
                results.append({"argv": argv, "rc": None, "skipped": "unsafe path"})
                continue
            res = run_one(binary, argv, cwd, logdir, f"log-{case['index']}-{j}", env, timeout, mem_bytes, pre)
            res["argv"] = argv
            fail = is_failure(res)
            res["argv"] = [a.replace(cwd, "@ABS@") for a in argv]
            results.append(res)
            if fail:
                break
    finally:
        stop.set()
        if writer:
            writer.join(timeout=2)
        remove_tree(tmp)
    return results


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def locate_with_gdb(case, args, env, mem_bytes, workroot):
    genv = dict(env)
    genv["SWIFT_BACKTRACE"] = "enable=no"
    prefix = ["gdb", "-batch", "-nx", "-q", "-ex", "set pagination off", "-ex", "set print frame-arguments none",
              "-ex", "set confirm off", "-ex", "run", "-ex", "bt 80", "--args"]
    try:
        results = execute_case(case, args.binary, workroot, genv, max(20.0, args.timeout * 2), mem_bytes,
                               prefix=prefix, only_last=True)
    except Exception:
        return None
    if not results or "stdout" not in results[-1]:
        return None
    return first_source_frame(results[-1]["stdout"] + "\n" + results[-1]["stderr"])


def parse_args():
    ap = argparse.ArgumentParser(description="Fuzz the muster CLI (exit codes other than 0/1/2/3, or a timeout, fail).")
    ap.add_argument("--binary", default=os.path.join(REPO, ".build", "debug", "muster"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--start", type=int, default=0, help="first input index (to resume or shard a run)")
    ap.add_argument("--budget-seconds", type=float, default=60.0)
    ap.add_argument("--timeout", type=float, default=10.0, help="per command, seconds")
    ap.add_argument("--mem-gib", type=float, default=4.0, help="RLIMIT_AS per command (0: none)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--classes", default=",".join(ALL_CLASSES),
                    help="comma-separated subset of: " + ", ".join(ALL_CLASSES)
                    + "; NAME:WEIGHT sets a class's share (default weights "
                    + ", ".join(f"{k}:{v}" for k, v in DEFAULT_WEIGHTS.items()) + ")")
    ap.add_argument("--keep", default="/tmp/muster-fuzz-failures")
    ap.add_argument("--keep-per-signature", type=int, default=5, help="inputs kept per failure class")
    ap.add_argument("--replay", metavar="DIR", help="rerun kept failures (a --keep folder or one failure folder)")
    ap.add_argument("--json-report", metavar="FILE", help="also write every result as JSON")
    ap.add_argument("--gdb-max", type=int, default=20,
                    help="at most this many reruns under gdb to locate crashes Swift's backtrace leaves frameless")
    ap.add_argument("--list-keys", action="store_true", help="print the dotted keys found in the scenarios and exit")
    ap.add_argument("-v", "--verbose", action="store_true")
    return ap.parse_args()


def child_env():
    env = dict(os.environ)
    # A readable, quick crash report from Swift's backtracer; no colours.
    env["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none,limit=48,top=8"
    env.pop("MUSTER_THREADS", None)
    return env


def replay(args, env, mem_bytes):
    roots = []
    if os.path.exists(os.path.join(args.replay, "case.json")):
        roots = [args.replay]
    else:
        for d in sorted(os.listdir(args.replay)):
            if os.path.exists(os.path.join(args.replay, d, "case.json")):
                roots.append(os.path.join(args.replay, d))
    workroot = tempfile.mkdtemp(prefix="muster-fuzz-replay-")
    still = 0
    for r in roots:
        meta = json.load(open(os.path.join(r, "case.json")))
        files = {}
        fdir = os.path.join(r, "files")
        for root, _, fs in os.walk(fdir):
            for f in fs:
                p = os.path.join(root, f)
                files[os.path.relpath(p, fdir)] = open(p, "rb").read()
        case = dict(meta)
        case["files"] = files
        results = execute_case(case, args.binary, workroot, env, args.timeout, mem_bytes)
        last = results[-1] if results else {"rc": None}
        fail = bool(results) and "skipped" not in last and is_failure(last)
        still += fail
        sig = signature(last, last["argv"])[0] if fail else f"rc={last.get('rc')}"
        print(f"{'FAIL' if fail else 'ok  '} {os.path.basename(r)}: {sig}")
        if fail and args.verbose:
            print(last["stderr"][:3000])
    remove_tree(workroot)
    print(f"{still} of {len(roots)} kept failures still fail")
    return 1 if still else 0


def main():
    args = parse_args()
    env = child_env()
    mem_bytes = int(args.mem_gib * (1 << 30)) if args.mem_gib > 0 else 0
    args.binary = os.path.abspath(args.binary)
    if not os.path.exists(args.binary) and not args.list_keys:
        print(f"no binary at {args.binary} (build it, or pass --binary)", file=sys.stderr)
        return 2
    if args.replay:
        return replay(args, env, mem_bytes)
    classes, schedule = [], []
    for item in [c.strip() for c in args.classes.split(",") if c.strip()]:
        name, _, w = item.partition(":")
        if name not in ALL_CLASSES or (w and not w.isdigit()):
            print(f"unknown class '{item}'; choose from {ALL_CLASSES} (optionally NAME:WEIGHT)", file=sys.stderr)
            return 2
        classes.append(name)
        weight = int(w) if w else DEFAULT_WEIGHTS[name]
        schedule += [name] * weight
    if not schedule:
        print("no classes selected", file=sys.stderr)
        return 2
    # interleave the schedule so that a short run touches every class
    rr = random.Random(0)
    rr.shuffle(schedule)
    workroot = tempfile.mkdtemp(prefix="muster-fuzz-")
    gen = Gen(REPO, workroot)
    if args.list_keys:
        for f, k in gen.keys:
            print(f"{f}: {k}")
        shutil.rmtree(workroot, ignore_errors=True)
        return 0
    if "plot" in classes:
        gen.prepare(args.binary, workroot, env, args.timeout)
    print(f"muster fuzz: binary {args.binary}, seed {args.seed}, count {args.count}, budget {args.budget_seconds:.0f}s, "
          f"classes {','.join(classes)}; {len(gen.set_keys)} keys x {len(gen.values)} values for `set`", flush=True)

    lock = threading.Lock()
    state = {"next": args.start, "done": 0}
    records = []
    t0 = time.time()
    end = args.start + args.count

    def worker():
        while True:
            with lock:
                i = state["next"]
                if i >= end or time.time() - t0 > args.budget_seconds:
                    return
                state["next"] += 1
            case = gen.generate(args.seed, i, schedule)
            try:
                results = execute_case(case, args.binary, workroot, env, args.timeout, mem_bytes)
            except Exception as e:  # harness problem: report, keep going
                results = [{"argv": case["cmds"][0], "rc": None, "harness_error": repr(e)}]
            with lock:
                records.append((case, results))
                state["done"] += 1
                last = results[-1] if results else None
                if args.verbose and last is not None:
                    print(f"[{i}] {case['class']} rc={last.get('rc')} {last.get('secs', '')}s "
                          f"{' '.join(quote(a) for a in last['argv'])[:200]}", flush=True)
                if state["done"] % 250 == 0:
                    nf = sum(1 for _, rs in records if rs and "rc" in rs[-1] and rs[-1]["rc"] is not None and is_failure(rs[-1]))
                    print(f"  {state['done']} inputs, {nf} failures, {time.time() - t0:.0f}s", flush=True)

    threads = [threading.Thread(target=worker) for _ in range(max(1, args.workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - t0

    hist = collections.Counter()
    per_class = collections.Counter()
    groups = collections.OrderedDict()
    harness_errors = []
    commands = 0
    gdb_cache, gdb_used = {}, [0]
    for case, results in sorted(records, key=lambda r: r[0]["index"]):
        per_class[case["class"]] += 1
        for res in results:
            if res.get("harness_error"):
                harness_errors.append((case["index"], res["harness_error"]))
                continue
            if res.get("skipped"):
                hist["skipped"] += 1
                continue
            commands += 1
            hist["timeout" if res["timeout"] else res["rc"]] += 1
        last = results[-1] if results else None
        if not last or last.get("rc") is None or not is_failure(last):
            continue
        sig, loc = signature(last, last["argv"], case.get("note", ""))
        if loc is None and not last["timeout"] and args.gdb_max > 0 and shutil.which("gdb"):
            # no frame in Swift's report (e.g. an abort in the allocator):
            # rerun one representative under gdb for the stack
            key = (sig, case["class"], re.sub(r"[0-9]+", "N", case.get("note", ""))[:40])
            if key not in gdb_cache and gdb_used[0] < args.gdb_max:
                gdb_used[0] += 1
                gdb_cache[key] = locate_with_gdb(case, args, env, mem_bytes, workroot)
            if gdb_cache.get(key):
                sig, loc = signature(last, last["argv"], case.get("note", ""), gdb_cache[key])
        g = groups.setdefault(sig, {"count": 0, "cases": [], "loc": loc})
        g["count"] += 1
        if len(g["cases"]) < args.keep_per_signature:
            g["cases"].append((case, last))

    os.makedirs(args.keep, exist_ok=True)
    print()
    print(f"inputs run: {len(records)} ({commands} commands) in {elapsed:.1f}s; "
          f"by class: {dict(sorted(per_class.items()))}")
    print("exit codes: " + ", ".join(f"{k}: {v}" for k, v in sorted(hist.items(), key=lambda kv: str(kv[0]))))
    nfail = sum(g["count"] for g in groups.values())
    print(f"failures: {nfail} in {len(groups)} classes (kept under {args.keep})")
    for sig, g in sorted(groups.items(), key=lambda kv: -kv[1]["count"]):
        h = hashlib.sha1(sig.encode()).hexdigest()[:8]
        print(f"\n[{g['count']}x] {sig}")
        for case, last in g["cases"]:
            dest = os.path.join(args.keep, f"s{args.seed}-{case['index']:06d}-{case['class']}-{h}")
            case["failure"] = {"signature": sig, "rc": last["rc"], "timeout": last["timeout"], "argv": last["argv"]}
            copy_inputs(case, dest)
            with open(os.path.join(dest, "stderr.txt"), "w") as f:
                f.write(last["stderr"])
            with open(os.path.join(dest, "repro.sh"), "w") as f:
                f.write("#!/bin/sh\n# replay: scripts/fuzz/fuzz.py --replay " + dest + "\n")
                if mem_bytes:
                    f.write(f"ulimit -v {mem_bytes // 1024}\n")
                if (case.get("setup") or {}).get("fifo"):
                    f.write(f"# needs a FIFO: mkfifo files/{case['setup']['fifo']} (see case.json setup)\n")
                f.write(f"cd \"$(dirname \"$0\")/files\" && exec \"${{MUSTER:-{args.binary}}}\" "
                        + " ".join(shlex_quote(a) for a in last["argv"]) + "\n")
            os.chmod(os.path.join(dest, "repro.sh"), 0o755)
            print(f"   {case['note'][:100]}")
            print(f"     $ muster {' '.join(quote(a) for a in last['argv'])[:300]}")
            print(f"     kept: {dest}")
    for i, e in harness_errors:
        print(f"harness error on input {i}: {e}")
    if args.json_report:
        with open(args.json_report, "w") as f:
            json.dump({"elapsed": elapsed, "inputs": len(records), "histogram": {str(k): v for k, v in hist.items()},
                       "groups": {s: {"count": g["count"], "loc": g["loc"],
                                      "examples": [{"index": c["index"], "class": c["class"], "note": c["note"],
                                                    "argv": l["argv"]} for c, l in g["cases"]]}
                                  for s, g in groups.items()}}, f, indent=1)
    remove_tree(workroot)
    return 1 if groups else 0


def shlex_quote(a):
    import shlex
    return shlex.quote(a)


if __name__ == "__main__":
    sys.exit(main())
