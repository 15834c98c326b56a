#!/usr/bin/env python3
"""Check that the documentation still matches the `muster` binary.

Usage:
    scripts/doctest.py --binary .build/debug/muster [--verbose] [FILE.md ...]

Without FILE arguments it reads README.md and every docs/**/*.md (paths are
relative to the repository root, the parent of this script's folder).
Python 3 standard library only.

What is checked (docs/contributing-docs.md explains the markers):

YAML blocks (```yaml)
    Every one is a scenario and must pass `muster validate` (exit 0),
    unless an HTML comment on the line just above the fence says otherwise:

    <!-- fragment -->                 the block holds only some top-level
    <!-- fragment: scenarios/X.yaml --> keys. It is completed from a base
                                      scenario (default scenarios/lingfeng.yaml):
                                      every top-level section of the base
                                      whose key the fragment also defines is
                                      dropped, and the fragment is appended
                                      after what is left. So a fragment
                                      replaces whole top-level sections
                                      (`team:`, `field:` ...), never merges
                                      inside one.
    <!-- not-validated -->            the block is broken on purpose (to show
                                      an error): it must FAIL, with exit 2.
                                      May be combined: <!-- fragment, not-validated -->.
    <!-- sweep -->                    the block is a sweep file, placed as if
    <!-- sweep: scenarios/sweeps -->  in that folder (default scenarios/sweeps),
                                      so `scenario: ../beilun.yaml` works. It
                                      is run as `muster sweep FILE --shard
                                      1/1000000`, which checks the whole file
                                      and simulates one replication.
    <!-- file: layouts/x.csv -->      the block (any language) is written to
                                      that path in the page's scratch folder
                                      before later blocks of the page are
                                      checked (a layout CSV a scenario names).
    <!-- not-a-scenario -->           YAML that is not Muster's (a CI
                                      workflow): skipped, and counted.

Command blocks (```console, ```sh, ```shell, ```bash)
    Preceded by <!-- runnable --> (or <!-- runnable exit=N -->): each line
    starting with `$ muster ` (continued by trailing backslashes) is run with
    `muster` replaced by --binary, and must exit 0 (or N). Commands run in a
    scratch folder that mirrors the repository's scenarios/, scripts/ and
    results/baselines/ (read-only links), so `--out results/x` never writes
    into the working tree.

    In tutorials and how-to guides (docs/tutorials/, docs/how-to/) a
    ```console block holds commands only: a line that is not a `$ ` command,
    its backslash continuation or a `#` comment is output, and output is shown
    in a ```text block marked `<!-- real-output: muster ... -->`, which
    scripts/check-real-output.py runs and compares.

Deprecation warnings
    Any checked command (validate, sweep, runnable lines) that prints a
    deprecation warning fails: the docs must teach the current names.

CI recipes
    Every block (and .github/workflows/*.yml) that installs packages with
    `apt-get install` and builds or runs muster must install every package
    the Makefile's `deps` target installs (GSL, pkg-config, SQLite).

Tutorials
    Every page in docs/tutorials/ says how `muster` gets on the PATH (the
    word PATH and a link to how-to/install.md).

Links
    Every relative link `[text](path)`, `[text](path#anchor)`,
    `[text](#anchor)` in the checked pages (and ARCHITECTURE.md) must name an
    existing file and, for a markdown file, an existing heading (GitHub's
    anchors: lower case, punctuation dropped, spaces to hyphens).

Exit code: 0 when every check passes, 1 otherwise (each failure is listed as
FILE:LINE: what went wrong), 2 for bad usage.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_BASE = "scenarios/lingfeng.yaml"
DEFAULT_SWEEP_DIR = "scenarios/sweeps"
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([A-Za-z0-9_+-]*)\s*$")
MARKER = re.compile(r"^\s*<!--\s*(.*?)\s*-->\s*$")
COMMAND_LANGS = {"console", "sh", "shell", "bash"}
TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*)\s*:")


class Block:
    def __init__(self, path, line, lang, text, marker):
        self.path = path          # markdown file, relative to ROOT
        self.line = line          # 1-based line of the opening fence
        self.lang = lang
        self.text = text
        self.marker = marker      # dict of marker words → value (or True)

    def where(self):
        return f"{self.path}:{self.line}"


def parse_marker(text):
    """`fragment: scenarios/x.yaml, not-validated` → {'fragment': 'scenarios/x.yaml', 'not-validated': True};
    `runnable exit=2` → {'runnable': True, 'exit': '2'}."""
    words = {}
    text = re.sub(r"\s*([:=])\s*", r"\1", text.strip())
    for token in re.split(r"[,\s]+", text):
        if not token:
            continue
        m = re.match(r"^([A-Za-z-]+)(?:[:=](.*))?$", token)
        if not m:
            words[token] = True
            continue
        words[m.group(1)] = m.group(2) if m.group(2) is not None else True
    return words


KNOWN_MARKERS = {"fragment", "not-validated", "sweep", "file", "not-a-scenario", "runnable", "exit"}
OUTPUT_FREE = ("docs/tutorials/", "docs/how-to/")
DEPRECATION = re.compile(r"^(?:warning|error):.*\bdeprecated\b.*$", re.M)
LINK = re.compile(r"(?<!\\)\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def build_packages():
    """The apt packages the Makefile's `deps` target installs."""
    with open(os.path.join(ROOT, "Makefile"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^deps:.*?(?=^\S)", text, re.M | re.S)
    found = re.findall(r"apt-get install -y -qq ([^;&|\n]+)", m.group(0) if m else "")
    return sorted({p for line in found for p in line.split() if not p.startswith("-")})


def missing_packages(text, needed):
    """Packages of `needed` a CI recipe that installs with apt-get and builds muster leaves out."""
    installs = re.findall(r"apt-get install[^\n]*", text)
    if not installs or not re.search(r"swift build|scripts/gate\.sh|make (?:release|test|gate)", text):
        return []
    have = {w for line in installs for w in line.split()}
    return [p for p in needed if p not in have]


def deprecation(output):
    """The first deprecation warning in a command's output, or None."""
    m = DEPRECATION.search(output)
    return m.group(0) if m else None


def output_lines(text):
    """Lines of a command block that are neither commands, their continuations nor comments."""
    out, continued = [], False
    for line in text.split("\n"):
        stripped = line.rstrip()
        if continued:
            continued = stripped.endswith("\\")
            continue
        if not stripped or stripped.startswith(("$ ", "#")):
            continued = stripped.endswith("\\")
            continue
        out.append(stripped)
    return out


def anchor(heading):
    """GitHub's anchor of a heading: markup dropped, lower case, punctuation out, spaces to hyphens."""
    text = re.sub(r"`|\*\*|__", "", heading.strip())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors_of(path):
    """The heading anchors of a markdown file (duplicates numbered as GitHub does)."""
    seen, out = {}, set()
    in_fence = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = FENCE.match(line.rstrip("\n"))
            if m:
                if in_fence is None:
                    in_fence = m.group(2)[0]
                elif m.group(2)[0] == in_fence:
                    in_fence = None
                continue
            if in_fence is None:
                h = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
                if h:
                    a = anchor(h.group(1))
                    n = seen.get(a, 0)
                    out.add(a if n == 0 else f"{a}-{n}")
                    seen[a] = n + 1
            out.update(re.findall(r'<a\s+(?:name|id)="([^"]+)"', line))
    return out


def broken_links(path):
    """(line, message) for every relative link of a markdown file that leads nowhere."""
    problems = []
    full = os.path.join(ROOT, path)
    with open(full, encoding="utf-8") as f:
        lines = f.read().split("\n")
    in_fence = None
    cache = {}
    for number, line in enumerate(lines, 1):
        m = FENCE.match(line)
        if m:
            if in_fence is None:
                in_fence = m.group(2)[0]
            elif m.group(2)[0] == in_fence:
                in_fence = None
            continue
        if in_fence is not None:
            continue
        prose = re.sub(r"`[^`]*`", "", line)
        for _, target in LINK.findall(prose):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                continue          # http:, https:, mailto:
            file_part, _, frag = target.partition("#")
            dest = os.path.normpath(os.path.join(os.path.dirname(full), file_part)) if file_part else full
            if not os.path.exists(dest):
                problems.append((number, f"link to {target}: no file {os.path.relpath(dest, ROOT)}"))
                continue
            if frag and dest.endswith(".md"):
                if dest not in cache:
                    cache[dest] = anchors_of(dest)
                if frag not in cache[dest]:
                    problems.append((number, f"link to {target}: {os.path.relpath(dest, ROOT)} has no heading #{frag}"))
    return problems


def blocks_of(path):
    """Fenced blocks of a markdown file with the marker comment just above each."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = m.group(1), m.group(2), m.group(3).lower()
        start = i
        body = []
        i += 1
        while i < len(lines):
            close = re.match(r"^\s*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$", lines[i])
            if close:
                break
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        if i >= len(lines):
            out.append(Block(path, start + 1, lang, "\n".join(body), {"unclosed": True}))
            break
        marker = {}
        # The nearest non-blank line above the fence, if it is a comment.
        j = start - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        if j >= 0:
            mm = MARKER.match(lines[j])
            if mm:
                marker = parse_marker(mm.group(1))
        out.append(Block(path, start + 1, lang, "\n".join(body) + "\n", marker))
        i += 1
    return out


def top_sections(text):
    """[(key or None, [lines])]: the text cut at every top-level key."""
    sections = [(None, [])]
    for line in text.split("\n"):
        m = TOP_KEY.match(line)
        if m and not line.startswith((" ", "\t", "#", "-")):
            sections.append((m.group(1), [line]))
        else:
            sections[-1][1].append(line)
    return sections


def complete_fragment(fragment, base_text):
    """The base scenario without the sections the fragment defines, then the fragment."""
    keys = {k for k, _ in top_sections(fragment) if k}
    kept = []
    for key, lines in top_sections(base_text):
        if key is None or key not in keys:
            kept.extend(lines)
    return "\n".join(kept).rstrip("\n") + "\n\n# --- fragment from the docs ---\n" + fragment


def make_scratch():
    """A scratch folder mirroring the parts of the repository commands read."""
    tmp = tempfile.mkdtemp(prefix="muster-doctest-")
    # scenarios/: a real folder of links, so blocks can be written beside them.
    for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, "scenarios")):
        rel = os.path.relpath(dirpath, ROOT)
        os.makedirs(os.path.join(tmp, rel), exist_ok=True)
        for name in filenames:
            os.symlink(os.path.join(dirpath, name), os.path.join(tmp, rel, name))
    for rel in ["scripts", "layouts"]:
        if os.path.isdir(os.path.join(ROOT, rel)):
            os.symlink(os.path.join(ROOT, rel), os.path.join(tmp, rel))
    os.makedirs(os.path.join(tmp, "results"), exist_ok=True)
    if os.path.isdir(os.path.join(ROOT, "results", "baselines")):
        os.symlink(os.path.join(ROOT, "results", "baselines"), os.path.join(tmp, "results", "baselines"))
    return tmp


def run(argv, cwd, timeout):
    try:
        p = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s"


def tail(text, n=6):
    lines = [l for l in text.strip().split("\n") if l.strip()]
    return "\n      ".join(lines[-n:])


def command_lines(text):
    """Commands of a console block: `$ muster ...` lines, backslash continuations joined."""
    cmds = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if line.startswith("$ "):
            cmd = line[2:]
            offset = i
            while cmd.endswith("\\") and i + 1 < len(lines):
                i += 1
                cmd = cmd[:-1].rstrip() + " " + lines[i].strip()
            if re.match(r"^muster(\s|$)", cmd):
                cmds.append((offset, cmd))
        i += 1
    return cmds


def main():
    ap = argparse.ArgumentParser(description="Check the docs' YAML and commands against a muster binary.")
    ap.add_argument("--binary", required=True, help="path to the muster binary to check against")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per command (default 600)")
    ap.add_argument("--verbose", action="store_true", help="print every check, not only failures")
    ap.add_argument("files", nargs="*", help="markdown files (default: README.md and docs/**/*.md)")
    args = ap.parse_args()

    binary = os.path.abspath(args.binary)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"doctest: no executable muster at {args.binary}", file=sys.stderr)
        return 2

    files = args.files
    if not files:
        files = ["README.md"]
        for dirpath, _, names in os.walk(os.path.join(ROOT, "docs")):
            files += sorted(os.path.relpath(os.path.join(dirpath, n), ROOT) for n in names if n.endswith(".md"))
        files = sorted(set(files), key=lambda p: (p != "README.md", p))
    else:
        files = [os.path.relpath(os.path.abspath(f), ROOT) for f in files]

    failures = []
    counts = {"validated": 0, "refused as intended": 0, "sweeps": 0, "commands": 0, "skipped": 0, "links": 0}

    needed = build_packages()
    if not args.files:
        workflows = os.path.join(ROOT, ".github", "workflows")
        for name in sorted(os.listdir(workflows)) if os.path.isdir(workflows) else []:
            with open(os.path.join(workflows, name), encoding="utf-8") as f:
                missing = missing_packages(f.read(), needed)
            if missing:
                failures.append(f".github/workflows/{name}: installs packages with apt-get but not "
                                f"{', '.join(missing)}, which building muster needs (the Makefile's deps target)")

    # A tutorial is where a newcomer starts: it says how `muster` gets on the PATH.
    for path in files:
        if path.startswith("docs/tutorials/"):
            with open(os.path.join(ROOT, path), encoding="utf-8") as f:
                text = f.read()
            if "PATH" not in text or "install.md" not in text:
                failures.append(f"{path}:1: a tutorial must say how `muster` gets on the PATH "
                                "(and link to ../how-to/install.md)")

    # Links: the checked pages, and ARCHITECTURE.md with the default set.
    link_files = list(files) + (["ARCHITECTURE.md"] if not args.files else [])
    for path in link_files:
        if not os.path.isfile(os.path.join(ROOT, path)):
            continue
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            counts["links"] += sum(len(LINK.findall(re.sub(r"`[^`]*`", "", l))) for l in f)
        for number, message in broken_links(path):
            failures.append(f"{path}:{number}: {message}")

    def fail(block, message, offset=0):
        failures.append(f"{block.path}:{block.line + 1 + offset}: {message}")

    def ok(block, what):
        if args.verbose:
            print(f"ok   {block.where()}: {what}")

    for path in files:
        scratch = make_scratch()
        try:
            for n, b in enumerate(blocks_of(path)):
                if b.marker.get("unclosed"):
                    fail(b, "code fence is never closed")
                    continue
                unknown = set(b.marker) - KNOWN_MARKERS
                if b.marker and unknown and b.lang in ({"yaml", "yml"} | COMMAND_LANGS):
                    # A comment that is not ours above a block is fine; a typo of ours is not.
                    if any(w.startswith(("frag", "not-", "runn", "sweep")) for w in unknown):
                        fail(b, f"unknown doctest marker {sorted(unknown)}; known: {sorted(KNOWN_MARKERS)}")
                        continue

                if "file" in b.marker:
                    target = os.path.join(scratch, b.marker["file"])
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    with open(target, "w", encoding="utf-8") as f:
                        f.write(b.text)
                    ok(b, f"wrote {b.marker['file']}")
                    continue

                if b.lang in ("yaml", "yml") + tuple(COMMAND_LANGS):
                    missing = missing_packages(b.text, needed)
                    if missing:
                        fail(b, f"installs packages with apt-get but not {', '.join(missing)}, "
                                "which building muster needs (the Makefile's deps target)")
                        continue
                if b.lang in ("yaml", "yml"):
                    if "not-a-scenario" in b.marker:
                        counts["skipped"] += 1
                        ok(b, "skipped (not a scenario)")
                        continue
                    if "sweep" in b.marker:
                        folder = b.marker["sweep"] if isinstance(b.marker["sweep"], str) else DEFAULT_SWEEP_DIR
                        os.makedirs(os.path.join(scratch, folder), exist_ok=True)
                        sweep_file = os.path.join(scratch, folder, f"doctest-{n}.yaml")
                        with open(sweep_file, "w", encoding="utf-8") as f:
                            f.write(b.text)
                        out_dir = os.path.join(scratch, f"doctest-sweep-{n}")
                        code, output = run([binary, "sweep", sweep_file, "--out", out_dir, "--shard", "1/1000000",
                                            "--quiet"], scratch, args.timeout)
                        counts["sweeps"] += 1
                        want = 2 if "not-validated" in b.marker else 0
                        if code != want:
                            fail(b, f"sweep file: expected exit {want}, got {code}\n      {tail(output)}")
                        elif deprecation(output):
                            fail(b, f"sweep file uses a deprecated form:\n      {deprecation(output)}")
                        else:
                            ok(b, f"sweep file (exit {code})")
                        continue
                    text = b.text
                    if "fragment" in b.marker:
                        base = b.marker["fragment"] if isinstance(b.marker["fragment"], str) else DEFAULT_BASE
                        base_path = os.path.join(ROOT, base)
                        if not os.path.isfile(base_path):
                            fail(b, f"fragment base {base} does not exist")
                            continue
                        with open(base_path, encoding="utf-8") as f:
                            text = complete_fragment(b.text, f.read())
                    scenario = os.path.join(scratch, "scenarios", f"doctest-{n}.yaml")
                    with open(scenario, "w", encoding="utf-8") as f:
                        f.write(text)
                    code, output = run([binary, "validate", scenario], scratch, args.timeout)
                    if deprecation(output):
                        fail(b, f"scenario uses a deprecated form:\n      {deprecation(output)}")
                        continue
                    if "not-validated" in b.marker:
                        counts["refused as intended"] += 1
                        if code != 2:
                            fail(b, f"marked not-validated, so `muster validate` must refuse it with exit 2; got {code}\n      {tail(output)}")
                        else:
                            ok(b, "refused as intended (exit 2)")
                    else:
                        counts["validated"] += 1
                        if code != 0:
                            if "fragment" not in b.marker:
                                # Point each problem at its line in the markdown file.
                                output = re.sub(re.escape(scenario) + r":(\d+):",
                                                lambda m: f"{b.path}:{b.line + int(m.group(1))}:", output)
                            fail(b, f"`muster validate` exit {code}:\n      {tail(output)}")
                        else:
                            ok(b, "valid scenario")
                    continue

                if b.lang == "console" and path.startswith(OUTPUT_FREE):
                    shown = output_lines(b.text)
                    if shown:
                        fail(b, "a command block in a tutorial or how-to shows output "
                                f"({shown[0][:60]!r}…): show output in a ```text block marked "
                                "<!-- real-output: muster … --> (scripts/check-real-output.py), or leave it out")
                        continue

                if b.lang in COMMAND_LANGS and "runnable" in b.marker:
                    want = 0
                    if "exit" in b.marker:
                        if not str(b.marker["exit"]).isdigit():
                            fail(b, f"exit={b.marker['exit']}: expected a number")
                            continue
                        want = int(b.marker["exit"])
                    cmds = command_lines(b.text)
                    if not cmds:
                        fail(b, "marked runnable but has no `$ muster ...` line")
                        continue
                    for offset, cmd in cmds:
                        argv = ["bash", "-c", 'set -o pipefail; "$MUSTER_DOCTEST_BINARY"' + cmd[len("muster"):]]
                        env_binary = {"MUSTER_DOCTEST_BINARY": binary}
                        try:
                            p = subprocess.run(argv, cwd=scratch, capture_output=True, text=True,
                                               timeout=args.timeout, env={**os.environ, **env_binary})
                            code, output = p.returncode, p.stdout + p.stderr
                        except subprocess.TimeoutExpired:
                            code, output = None, f"timed out after {args.timeout} s"
                        counts["commands"] += 1
                        if code != want:
                            fail(b, f"`{cmd}`: expected exit {want}, got {code}\n      {tail(output)}", offset)
                        elif deprecation(output):
                            fail(b, f"`{cmd}` prints a deprecation warning:\n      {deprecation(output)}", offset)
                        else:
                            ok(b, f"`{cmd}` (exit {code})")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    if failures:
        print(f"doctest: {len(failures)} failing block(s) in {len(files)} file(s) ({summary}):")
        for f in failures:
            print("  " + f)
        return 1
    print(f"doctest: all passed in {len(files)} file(s): {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
