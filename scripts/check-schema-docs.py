#!/usr/bin/env python3
"""The scenario schema and the scenario reference must say the same thing.

    scripts/check-schema-docs.py [--schema schemas/scenario.schema.json] [--page docs/reference/scenario.md]

schemas/scenario.schema.json is generated from the table the reader uses
(Sources/MusterScenario/ScenarioSchema.swift; SchemaCommandTests keeps the
committed copy current). Its descriptions are what editors show on hover;
docs/reference/scenario.md is what people read. For every key that holds a
value (sections aside; the per-level copies of `tiered.default` and
`incidents.tiered.default` are checked once, through the default), this
script checks that

- the page has a row for the key (in a `| key | type | default | meaning |`
  table; `incidents.departments.<name>` stands for the schema's
  `<department>`, and the relay-level table's bare keys for
  `tiered.default.*`);
- the description says what the row's meaning column says: the same words,
  once markdown (backticks, links, a trailing link in parentheses) and the
  case of the first letter and a final full stop are set aside;
- the default the description gives ("Default: X.") is the row's default
  (durations compared as durations: `24h` is `1d`);
- the bounds of an integer or a number are the row's (`integer 1 … 1000`,
  `number ≥ 0`);
- the words a choice allows are the row's;

and that every key row on the page is a key of the schema. Python 3
standard library only. Exit 0 when they agree, 1 with every disagreement
listed as FILE:LINE: key: what differs. Run by `make schema-check` (CI).
"""
import argparse, json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEVELS = ["city", "district", "street", "community", "grid"]
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def schema_keys(schema):
    """{dotted path: property schema} for every key, `<kind>`/`<department>` for named sections."""
    out = {}

    def walk(node, prefix):
        for name, prop in node.get("properties", {}).items():
            path = f"{prefix}{name}"
            out[path] = prop
            if "properties" in prop:
                walk(prop, path + ".")
            elif isinstance(prop.get("additionalProperties"), dict):
                placeholder = {"incidents.kinds": "<kind>", "incidents.departments": "<department>"}.get(path, "<name>")
                out[f"{path}.{placeholder}"] = prop["additionalProperties"]
                walk(prop["additionalProperties"], f"{path}.{placeholder}.")
    walk(schema, "")
    return out


def is_section(prop):
    return "properties" in prop or isinstance(prop.get("additionalProperties"), dict)


def expand(cell):
    """Keys named in a table's first cell: every `code` item, braces expanded."""
    keys = []
    for item in re.findall(r"`([^`]+)`", cell):
        m = re.match(r"^(.*)\{([^}]*)\}(.*)$", item)
        if m:
            for part in m.group(2).split(","):
                keys += expand(f"`{m.group(1)}{part.strip()}{m.group(3)}`")
        else:
            keys.append(item)
    return keys


def page_rows(path):
    """[(line, key, type, default, meaning)] of the page's key tables."""
    rows = []
    header = None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.startswith("|"):
                header = None
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            # `\|` inside a cell is not a column separator.
            cells = [c.replace("\\", "|") for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            cells = [c.strip() for c in cells]
            if header is None:
                header = cells
                continue
            if set("".join(cells)) <= set("-: "):
                continue
            if header[:1] != ["key"] or len(header) != 4 or header[3] != "meaning":
                continue
            relay = header[2] == "built-in"
            for key in expand(cells[0]):
                key = key.replace("incidents.departments.<name>", "incidents.departments.<department>")
                if relay:
                    key = "tiered.default." + key
                rows.append((number, key, cells[1], cells[2], cells[3]))
    return rows


def words(text):
    """A description as plain words: markdown, first-letter case and final stop set aside."""
    text = re.sub(r"\s*\(\[[^\]]*\]\([^)]*\)\)", "", text)      # a trailing "([format](#x))"
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)          # other links: their text
    text = text.replace("`", "").replace("**", "")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)               # 100,000 is 100000
    text = re.sub(r"\s+", " ", text).strip().rstrip(".")
    return text[:1].lower() + text[1:]


def split_description(desc):
    """(doc, default or None) of a generated description: `Doc. Unit: u. Default: d. Must be more than 0.`"""
    default = None
    m = re.search(r" Default: (.*?)\.(?: Must be more than 0\.)?$", desc)
    if m:
        default = m.group(1)
        desc = desc[:m.start()]
    desc = re.sub(r" Must be more than 0\.$", "", desc)
    desc = re.sub(r" Unit: [^.]*\.$", "", desc)
    return desc, default


def canonical(value):
    """A default as compared: durations in seconds, whitespace dropped."""
    value = value.strip().strip("`").strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([smhdw])", value)
    if m:
        return f"{float(m.group(1)) * UNIT_SECONDS[m.group(2)]:g}s"
    if value == "0":
        return "0s"
    return re.sub(r"\s+", "", value)


def number(text):
    return float(text.replace(",", ""))


def bounds_of_cell(cell):
    """(min, max, max exclusive) a type cell states: `1 … 1000`, `≥ 1`, `> 0`, `0 ≤ p < 1`."""
    lo = hi = None
    exclusive = False
    cell = cell.replace("2⁶⁴−1", str(2 ** 64 - 1))
    m = re.search(r"(-?\d[\d,]*(?:\.\d+)?)\s*…\s*(\d[\d,]*(?:\.\d+)?)", cell)
    if m:
        lo, hi = number(m.group(1)), number(m.group(2))
    m = re.search(r"≥\s*(\d[\d,]*(?:\.\d+)?)", cell)
    if m and lo is None:
        lo = number(m.group(1))
    m = re.search(r"(?<![≤<]\s)(?<!p\s)>\s*(\d[\d,]*(?:\.\d+)?)", cell)
    if m and lo is None:
        lo = float("nan")      # an exclusive minimum: the scenario schema has none
    m = re.search(r"<\s*(\d[\d,]*(?:\.\d+)?)", cell)
    if m and hi is None:
        hi, exclusive = number(m.group(1)), True
    return lo, hi, exclusive


def allowed_of_cell(cell):
    """The words a type cell allows: backticked words, or the relay levels."""
    if re.search(r"relay levels?\b", cell):
        return set(LEVELS)
    return set(re.findall(r"`([a-z_]+)`", cell))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--schema", default=os.path.join(ROOT, "schemas", "scenario.schema.json"))
    ap.add_argument("--page", default=os.path.join(ROOT, "docs", "reference", "scenario.md"))
    args = ap.parse_args()
    with open(args.schema, encoding="utf-8") as f:
        keys = schema_keys(json.load(f))
    page = os.path.relpath(args.page, ROOT)
    rows = page_rows(args.page)
    by_key = {}
    problems = []
    for row in rows:
        if row[1] in by_key:
            problems.append(f"{page}:{row[0]}: {row[1]}: a second row (the first is on line {by_key[row[1]][0]})")
        by_key.setdefault(row[1], row)
        if row[1] not in keys:
            problems.append(f"{page}:{row[0]}: {row[1]}: the page has a row for it, the schema has no such key")

    checked = 0
    for path, prop in keys.items():
        if is_section(prop):
            continue
        parts = path.split(".")
        # tiered.<level>.x and incidents.tiered.<level>.x repeat the default's keys.
        if len(parts) >= 3 and parts[-2] in LEVELS and parts[-3] == "tiered":
            continue
        row = by_key.get(path)
        if row is None:
            problems.append(f"{page}: {path}: no row on the page for this key of the schema")
            continue
        checked += 1
        line, _, type_cell, default_cell, meaning = row
        where = f"{page}:{line}: {path}"
        doc, default = split_description(prop.get("description", ""))
        if words(doc) != words(meaning):
            problems.append(f"{where}: the schema says {words(doc)!r}, the page {words(meaning)!r}")
        if default is not None:
            shown = re.findall(r"`([^`]+)`", default_cell)
            if not shown or canonical(shown[0]) != canonical(default):
                problems.append(f"{where}: default {default!r} in the schema, {default_cell!r} on the page")
        kind = prop.get("type")
        if kind in ("integer", "number") and ("minimum" in prop or "maximum" in prop or "exclusiveMaximum" in prop):
            lo, hi, exclusive = bounds_of_cell(type_cell)
            want_lo = prop.get("minimum")
            want_hi = prop.get("maximum", prop.get("exclusiveMaximum"))
            if want_lo is not None and (lo is None or float(lo) != float(want_lo)):
                problems.append(f"{where}: the schema's minimum is {want_lo:g}, the page's type says {type_cell!r}")
            if want_hi is not None and (hi is None or float(hi) != float(want_hi) or exclusive != ("exclusiveMaximum" in prop)):
                problems.append(f"{where}: the schema's maximum is {want_hi:g}"
                                f"{' (exclusive)' if 'exclusiveMaximum' in prop else ''}, the page's type says {type_cell!r}")
        enum = prop.get("enum")
        if enum is None and isinstance(prop.get("items"), dict):
            enum = prop["items"].get("enum")
        if enum is not None and allowed_of_cell(type_cell) != set(enum):
            problems.append(f"{where}: the schema allows {sorted(enum)}, the page's type says {type_cell!r}")

    if problems:
        print(f"check-schema-docs: {len(problems)} disagreement(s) between {os.path.relpath(args.schema, ROOT)} and {page}:")
        for p in problems:
            print("  " + p)
        return 1
    print(f"check-schema-docs: {checked} keys agree between {os.path.relpath(args.schema, ROOT)} and {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
