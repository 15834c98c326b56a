#!/usr/bin/env python3
"""Outputs shown as "real output" in the docs, run again and compared.

A fenced ```text block preceded by

    <!-- real-output: muster run scenarios/beilun.yaml -->
    <!-- real-output exit=1: muster check … -->   (a command expected to exit 1)

must equal what that command prints on stdout today, byte for byte (the
command runs from the repository root with the given binary in place of
`muster`). Only deterministic commands are marked: no timings, no dates.

    scripts/check-real-output.py --binary .build/release/muster           # check
    scripts/check-real-output.py --binary .build/release/muster --update  # rewrite the blocks

Exit 1 when a block differs (a diff is printed), 0 otherwise.
"""
import argparse, difflib, glob, os, re, shlex, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARK = re.compile(r"<!-- real-output(?: exit=(\d+))?: (muster .*?) -->\n```text\n(.*?)```\n", re.S)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    pages = [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True))
    failures = checked = 0
    for page in pages:
        text = open(page, encoding="utf-8").read()
        out, pos, changed = [], 0, False
        for m in MARK.finditer(text):
            checked += 1
            expected = int(m.group(1) or 0)
            argv = [binary] + shlex.split(m.group(2))[1:]
            run = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
            shown = m.group(3)
            if run.returncode != expected or run.stdout != shown:
                rel = os.path.relpath(page, ROOT)
                line = text.count("\n", 0, m.start()) + 1
                if args.update and run.returncode == expected:
                    out.append(text[pos:m.start(3)] + run.stdout)
                    pos = m.end(3)
                    changed = True
                    print(f"updated {rel}:{line}")
                    continue
                failures += 1
                print(f"{rel}:{line}: `{m.group(2)}` (exit {run.returncode}, expected {expected}) no longer prints what the page shows:")
                sys.stdout.writelines(difflib.unified_diff(shown.splitlines(True), run.stdout.splitlines(True),
                                                           "shown", "now"))
        if changed:
            out.append(text[pos:])
            open(page, "w", encoding="utf-8").write("".join(out))
    print(f"real output: {checked} block(s) checked, {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
