#!/usr/bin/env python3
"""Outputs shown as "real output" in the docs, run again and compared.

A fenced ```text block preceded by

    <!-- real-output: muster run scenarios/beilun.yaml -->
    <!-- real-output exit=1: muster check … -->   (a command expected to exit 1)

must equal what that command prints on stdout today, byte for byte (the
command runs with the given binary in place of `muster`). Only
deterministic commands are marked: no timings, no dates.

Each page runs in its own scratch folder that mirrors the repository as
scripts/doctest.py's does (scenarios/, scripts/, Examples/ and
results/baselines/ as read-only links), so `--out results/x` never writes
into the working tree. Before each marked block, what the page did above
it is replayed in order: blocks marked `<!-- file: PATH -->` are written to
PATH, and the `$ muster …` lines of blocks marked `<!-- runnable -->` (or
`runnable exit=N`) are run, so a page can show the output of a command that
needs the files an earlier step wrote (a sweep's shards before `merge`).

    scripts/check-real-output.py --binary .build/release/muster           # check
    scripts/check-real-output.py --binary .build/release/muster --update  # rewrite the blocks
    scripts/check-real-output.py --binary .build/release/muster docs/tutorials/ci-first-gate.md

Exit 1 when a block differs (a diff is printed) or a step before it fails,
0 otherwise.
"""
import argparse, difflib, glob, importlib.util, os, re, shlex, shutil, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARK = re.compile(r"<!-- real-output(?: exit=(\d+))?: (muster .*?) -->\n```text\n(.*?)```\n", re.S)


def doctest_module():
    """scripts/doctest.py, for its block reader and scratch folder."""
    spec = importlib.util.spec_from_file_location("doctest_md", os.path.join(ROOT, "scripts", "doctest.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def scratch_folder(dt):
    tmp = dt.make_scratch()
    examples = os.path.join(ROOT, "Examples")
    if os.path.isdir(examples) and not os.path.exists(os.path.join(tmp, "Examples")):
        os.symlink(examples, os.path.join(tmp, "Examples"))
    return tmp


def steps_of(dt, rel, text):
    """The page's steps in order: ('file', line, block), ('run', line, block), ('show', line, match)."""
    steps = []
    for b in dt.blocks_of(rel):
        if "file" in b.marker and isinstance(b.marker["file"], str):
            steps.append(("file", b.line, b))
        elif b.lang in dt.COMMAND_LANGS and "runnable" in b.marker:
            steps.append(("run", b.line, b))
    for m in MARK.finditer(text):
        steps.append(("show", text.count("\n", 0, m.start()) + 2, m))
    return sorted(steps, key=lambda s: s[1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("files", nargs="*", help="markdown files (default: README.md and docs/**/*.md)")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    dt = doctest_module()
    if args.files:
        pages = [os.path.abspath(f) for f in args.files]
    else:
        pages = [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True))
    failures = checked = 0
    for page in pages:
        rel = os.path.relpath(page, ROOT)
        text = open(page, encoding="utf-8").read()
        if not MARK.search(text):
            continue
        steps = steps_of(dt, rel, text)
        last_show = max(i for i, s in enumerate(steps) if s[0] == "show")
        scratch = scratch_folder(dt)
        out, pos, changed = [], 0, False
        try:
            for kind, line, item in steps[:last_show + 1]:
                if kind == "file":
                    target = os.path.join(scratch, item.marker["file"])
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    with open(target, "w", encoding="utf-8") as f:
                        f.write(item.text)
                elif kind == "run":
                    want = int(item.marker["exit"]) if str(item.marker.get("exit", "")).isdigit() else 0
                    for offset, cmd in dt.command_lines(item.text):
                        run = subprocess.run(["bash", "-c", 'set -o pipefail; "$MUSTER_BINARY"' + cmd[len("muster"):]],
                                             cwd=scratch, capture_output=True, text=True,
                                             env={**os.environ, "MUSTER_BINARY": binary})
                        if run.returncode != want:
                            failures += 1
                            print(f"{rel}:{line + 1 + offset}: `{cmd}` exited {run.returncode}, expected {want} "
                                  f"(a step before a real-output block):\n{run.stderr.strip()[-600:]}")
                else:
                    m = item
                    checked += 1
                    expected = int(m.group(1) or 0)
                    argv = [binary] + shlex.split(m.group(2))[1:]
                    run = subprocess.run(argv, cwd=scratch, capture_output=True, text=True)
                    shown = m.group(3)
                    if run.returncode == expected and run.stdout == shown:
                        continue
                    if args.update and run.returncode == expected:
                        out.append(text[pos:m.start(3)] + run.stdout)
                        pos = m.end(3)
                        changed = True
                        print(f"updated {rel}:{line}")
                        continue
                    failures += 1
                    print(f"{rel}:{line}: `{m.group(2)}` (exit {run.returncode}, expected {expected}) "
                          "no longer prints what the page shows:")
                    if run.returncode != expected:
                        print("  stderr: " + run.stderr.strip()[-600:])
                    sys.stdout.writelines(difflib.unified_diff(shown.splitlines(True), run.stdout.splitlines(True),
                                                               "shown", "now"))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if changed:
            out.append(text[pos:])
            open(page, "w", encoding="utf-8").write("".join(out))
    print(f"real output: {checked} block(s) checked, {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
