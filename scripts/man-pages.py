#!/usr/bin/env python3
"""Man pages for muster, one per command, from the binary's own help.

    scripts/man-pages.py --binary .build/release/muster --out .build/install/man
    scripts/man-pages.py --binary .build/release/muster --check DIR

The first form writes DIR/muster.1, DIR/muster-run.1, … from
`muster --experimental-dump-help` (the description swift-argument-parser
prints `muster help CMD` from), in the man(7) macros: titles MUSTER-RUN(1),
every character kept — anything outside ASCII is written as a groff
escape (`\\[u00B7]` for ·), which groff and mandoc render in any locale —
and no date, so the same binary writes the same bytes.

The second form checks installed or generated pages against what
`muster help CMD` prints today: each page is rendered with groff (UTF-8,
no hyphenation, no fill, no formatting escapes), and every paragraph of
the help — the overview, each paragraph and example line of the
discussion, each option with its names, value and text — must appear in
it, whitespace aside, non-ASCII characters included. The title must be
MUSTER-CMD(1). Python 3 standard library and groff. Exit 1 on a mismatch,
listing each, 0 otherwise. scripts/install-test.sh runs it on the
installed pages.
"""
import argparse, json, os, re, shutil, subprocess, sys


def dump(binary):
    out = subprocess.run([binary, "--experimental-dump-help"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["command"]


def commands(root):
    """[(page name, words of the command line, command info)] for the root and every displayed subcommand."""
    out = [("muster", ["muster"], root)]

    def walk(c, words):
        for s in c.get("subcommands") or []:
            w = words + [s["commandName"]]
            out.append(("-".join(w), w, s))
            walk(s, w)
    walk(root, ["muster"])
    return out


def esc(text):
    """Text escaped for a roff text line: backslashes, dashes, quotes, non-ASCII as \\[uXXXX]."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\e")
        elif ch == "-":
            out.append("\\-")
        elif ch == "'":
            out.append("\\(aq")
        elif ch == "`":
            out.append("\\(ga")
        elif ch == "~":
            out.append("\\(ti")
        elif ch == "^":
            out.append("\\(ha")
        elif ord(ch) > 127:
            out.append(f"\\[u{ord(ch):04X}]")
        else:
            out.append(ch)
    line = "".join(out)
    # A line starting with . or ' would be a request.
    return "\\&" + line if line[:1] in (".", "'") else line


def paragraphs(text):
    """Paragraphs of a help text: blank-line separated; a paragraph with indented lines is kept as lines."""
    paras = []
    for block in re.split(r"\n\s*\n", (text or "").strip("\n")):
        lines = block.split("\n")
        if not block.strip():
            continue
        if any(l.startswith((" ", "\t")) for l in lines[1:]) or (len(lines) > 1 and lines[0].rstrip().endswith(":")):
            paras.append(("lines", lines))
        else:
            paras.append(("text", " ".join(l.strip() for l in lines)))
    return paras


def emit_paragraphs(text):
    out = []
    for kind, body in paragraphs(text):
        if kind == "text":
            out += [".PP", esc(body)]
        else:
            out.append(".PP")
            out.append(".nf")
            out += [esc(l) for l in body]
            out.append(".fi")
    return out


def option_label(arg):
    """`-o, --out <dir>` as roff: names bold, value italic."""
    names = arg.get("names") or []
    shown = []
    for n in names:
        prefix = {"long": "--", "short": "-", "longWithSingleDash": "-"}[n["kind"]]
        shown.append(f"\\fB{esc(prefix + n['name'])}\\fR")
    label = ", ".join(shown)
    value = arg.get("valueName")
    if arg["kind"] == "positional":
        label = f"\\fI<{esc(value or 'value')}>\\fR"
        if arg.get("isRepeating"):
            label += " ..."
    elif arg["kind"] == "option" and value:
        label += f" \\fI<{esc(value)}>\\fR"
    return label


def option_text(arg):
    """The option's one-line help as `muster help` shows it: abstract, values, default."""
    text = arg.get("abstract") or ""
    notes = []
    if arg.get("allValues") and arg["kind"] != "flag" and not arg.get("allValueDescriptions"):
        notes.append(f"values: {', '.join(arg['allValues'])}")
    if arg.get("defaultValue") is not None and arg["kind"] != "flag":
        notes.append(f"default: {arg['defaultValue']}")
    if notes:
        text += f" ({'; '.join(notes)})"
    return text.strip()


def synopsis(words, info):
    parts = [f"\\fB{esc(' '.join(words))}\\fR"]
    for a in info.get("arguments") or []:
        if not a.get("shouldDisplay", True) or a["kind"] == "flag" and (a.get("preferredName") or {}).get("name") in ("help", "version"):
            continue
        pref = a.get("preferredName")
        if a["kind"] == "positional":
            item = f"\\fI<{esc(a.get('valueName') or 'value')}>\\fR" + (" ..." if a.get("isRepeating") else "")
        else:
            prefix = {"long": "--", "short": "-", "longWithSingleDash": "-"}[pref["kind"]]
            item = f"\\fB{esc(prefix + pref['name'])}\\fR"
            if a["kind"] == "option":
                item += f" \\fI<{esc(a.get('valueName') or 'value')}>\\fR"
            if a.get("isRepeating"):
                item += " ..."
        parts.append(f"[{item}]" if a.get("isOptional") else item)
    if info.get("subcommands"):
        parts.append("\\fI<subcommand>\\fR")
    return " ".join(parts)


def page(name, words, info, version, all_pages):
    title = name.upper()
    lines = [
        f'.\\" {name}.1: generated by scripts/man-pages.py from `muster --experimental-dump-help`; do not edit.',
        f'.TH {title} 1 "" "{esc(version)}" "Muster Manual"',
        ".nh",
        ".ad l",
        ".SH NAME",
        f"{esc(name)} \\- {esc(info.get('abstract') or '')}",
        ".SH SYNOPSIS",
        synopsis(words, info),
        ".SH DESCRIPTION",
    ]
    if info.get("abstract"):
        lines += [esc(info["abstract"])]
    lines += emit_paragraphs(info.get("discussion"))
    args = [a for a in info.get("arguments") or [] if a.get("shouldDisplay", True)]
    positional = [a for a in args if a["kind"] == "positional"]
    options = [a for a in args if a["kind"] != "positional"]
    for heading, group in (("ARGUMENTS", positional), ("OPTIONS", options)):
        if not group:
            continue
        lines.append(f".SH {heading}")
        for a in group:
            lines += [".TP", option_label(a), esc(option_text(a))]
            for kind, body in paragraphs(a.get("discussion")):
                if kind == "text":
                    lines += [".IP", esc(body)]
                else:
                    lines += [".IP", ".nf"] + [esc(l) for l in body] + [".fi"]
    subs = [s for s in info.get("subcommands") or [] if s.get("shouldDisplay", True)]
    if subs:
        lines.append(".SH SUBCOMMANDS")
        for s in subs:
            lines += [".TP", f"\\fB{esc(s['commandName'])}\\fR", esc(s.get("abstract") or "")]
    others = [p for p in all_pages if p != name]
    lines += [".SH SEE ALSO", ", ".join(f"\\fB{esc(p)}\\fR(1)" for p in others) + ".",
              ".PP", esc("The guides and references: docs/ in Muster's repository (docs/reference/commands.md).")]
    return "\n".join(lines) + "\n"


def generate(binary, out):
    root = dump(binary)
    version = "muster " + subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    cmds = commands(root)          # hidden commands too: `muster help` explains them
    names = [c[0] for c in cmds if c[2].get("shouldDisplay", True)]
    os.makedirs(out, exist_ok=True)
    for name, words, info in cmds:
        with open(os.path.join(out, name + ".1"), "w", encoding="ascii") as f:
            f.write(page(name, words, info, version, names))
    print(f"man-pages: {len(cmds)} pages in {out}: {' '.join(names)}")
    return 0


# ---------------------------------------------------------------- checking

FOLD = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'",
                      "\u201c": '"', "\u201d": '"', "`": "'"})


def flat(text):
    """Whitespace collapsed; the quotes and dashes typesetting may change folded to ASCII."""
    return re.sub(r"\s+", " ", text.translate(FOLD)).strip()


def render(path):
    groff = shutil.which("groff")
    if not groff:
        raise SystemExit("man-pages: groff is needed to check man pages (apt-get install groff-base)")
    run = subprocess.run([groff, "-man", "-Tutf8", "-P-cbou", "-rLL=250n", "-rIN=2n", path],
                         capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
    if run.returncode != 0:
        raise SystemExit(f"man-pages: groff failed on {path}: {run.stderr}")
    return re.sub(r".\x08", "", run.stdout)


def help_units(help_text):
    """What must appear in the man page: overview, discussion paragraphs and lines, each option entry."""
    units = []
    section = None
    entry = None
    para = []

    def flush_para():
        nonlocal para
        if para:
            units.append(" ".join(para))
            para = []

    for raw in help_text.split("\n"):
        line = raw.rstrip()
        m = re.match(r"^([A-Z][A-Z ]+):\s*(.*)$", line)
        if m and not line.startswith(" "):
            flush_para()
            if entry:
                units.append(entry)
                entry = None
            section = m.group(1)
            if section == "OVERVIEW" and m.group(2):
                para = [m.group(2)]
            continue
        if section == "OVERVIEW":
            if not line.strip():
                flush_para()
            elif line.startswith("  ") and para == [] and not line.strip().endswith(":"):
                units.append(line.strip())      # an example line
            elif line.startswith("  "):
                flush_para()
                units.append(line.strip())
            else:
                para.append(line.strip())
        elif section in ("OPTIONS", "ARGUMENTS", "SUBCOMMANDS"):
            if re.match(r"^  \S", line):
                if entry:
                    units.append(entry)
                entry = line.strip()
            elif line.strip() and entry is not None:
                entry += " " + line.strip()
            elif not line.strip() and entry:
                units.append(entry)
                entry = None
    flush_para()
    if entry:
        units.append(entry)
    return [u for u in units if u and not u.startswith("See 'muster help")]


def entry_parts(entry):
    """An option entry of `muster help` split at the label: ('-o, --out <dir>', 'text')."""
    m = re.match(r"^(\S.*?)(?:\s{2,}|$)(.*)$", entry)
    return (m.group(1), m.group(2)) if m else (entry, "")


def check(binary, folder):
    root = dump(binary)
    problems = []
    cmds = commands(root)
    for name, words, info in cmds:
        path = os.path.join(folder, name + ".1")
        if not os.path.isfile(path):
            problems.append(f"{path}: missing")
            continue
        with open(path, "rb") as f:
            source = f.read()
        if any(b > 127 for b in source):
            problems.append(f"{path}: raw non-ASCII bytes (write them as \\[uXXXX] escapes)")
        m = re.search(rb'^\.(?:TH|Dt) (\S+) 1\b', source, re.M)
        if not m or m.group(1).decode() != name.upper():
            problems.append(f"{path}: title {m.group(1).decode() if m else 'missing'}, expected {name.upper()}(1)")
        man = flat(render(path))
        help_run = subprocess.run([binary, "help"] + words[1:], capture_output=True, text=True,
                                  env={**os.environ, "COLUMNS": "200"})
        for unit in help_units(help_run.stdout):
            label, text = entry_parts(unit) if re.match(r"^(-|<)", unit) else ("", unit)
            for piece in (label, text):
                piece = flat(piece)
                if piece and piece not in man:
                    problems.append(f"{path}: `muster help {' '.join(words[1:])}` says {piece!r}, the man page does not")
    if problems:
        print(f"man-pages: {len(problems)} difference(s) between the man pages in {folder} and `muster help`:")
        for p in problems:
            print("  " + p)
        return 1
    print(f"man-pages: {len(cmds)} pages in {folder} say what `muster help` says")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", help="write the pages into this folder")
    group.add_argument("--check", metavar="DIR", help="check the pages in DIR against `muster help`")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    return generate(binary, args.out) if args.out else check(binary, args.check)


if __name__ == "__main__":
    sys.exit(main())
