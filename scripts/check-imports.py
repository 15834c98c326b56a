#!/usr/bin/env python3
"""Every target declares exactly the modules it imports (issue 28).

SwiftPM's own check (`swift build --explicit-target-dependency-import-check
error`, run by `make test`) fails a target that imports a module outside
its dependency closure; it accepts one reached only through another
dependency (MusterReport importing MusterNumerics through MusterStats), and
never reports a dependency declared but not imported. This script checks
both directions, target by target, from `swift package dump-package`:

- every `import X` of a target's sources names a declared dependency
  (a target of this package, or a product of another package);
- every declared dependency is imported somewhere in the target, except
  the few declared for another reason (ALLOWED_UNUSED says which, why).

Usage: python3 scripts/check-imports.py [--package-dir DIR]
Exit 0 when they agree, 1 with one line per disagreement, 2 on bad usage.
"""
import argparse
import json
import os
import re
import subprocess
import sys

# Modules of the toolchain and the system, not declared in Package.swift.
SYSTEM = {
    "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking",
    "FoundationXML", "Dispatch", "Glibc", "Musl", "Darwin", "Android", "WinSDK", "Synchronization",
    "Testing", "XCTest", "os", "_Concurrency", "_StringProcessing", "RegexBuilder", "Observation",
    "Swift", "SwiftShims", "CoreFoundation",
}

# Declared, not imported, on purpose: target -> {dependency: reason}.
ALLOWED_UNUSED = {
    "MusterCLITests": {
        "MMcQueue": "the tests run the example's binary, which the dependency builds",
        "TwoLevelRelay": "the tests run the example's binary, which the dependency builds",
    },
}

IMPORT = re.compile(
    r"^\s*(?:@[\w]+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate)\s+)?"
    r"import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)"
)


def dump_package(package_dir):
    out = subprocess.run(["swift", "package", "--package-path", package_dir, "dump-package"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def declared(target):
    names = set()
    for dep in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dep:
                names.add(dep[kind][0])
    return names


def default_path(target):
    kind = target["type"]
    if kind == "test":
        return os.path.join("Tests", target["name"])
    return os.path.join("Sources", target["name"])


def imports_of(directory):
    found = {}
    for root, _, files in os.walk(directory):
        for name in sorted(files):
            if not name.endswith(".swift"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    m = IMPORT.match(line)
                    if m:
                        found.setdefault(m.group(1), f"{os.path.relpath(path)}:{number}")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", default=".")
    args = parser.parse_args()
    package_dir = os.path.abspath(args.package_dir)
    manifest = dump_package(package_dir)
    problems = []
    for target in manifest["targets"]:
        if target["type"] in ("system", "binary", "plugin", "macro"):
            continue
        path = os.path.join(package_dir, target.get("path") or default_path(target))
        imports = imports_of(path)
        names = declared(target)
        for module, where in sorted(imports.items()):
            if module not in SYSTEM and module not in names and module != target["name"]:
                problems.append(f"{where}: {target['name']} imports {module} but Package.swift does not "
                                f"declare it among {target['name']}'s dependencies")
        allowed = ALLOWED_UNUSED.get(target["name"], {})
        for dep in sorted(names - set(imports) - set(allowed)):
            problems.append(f"Package.swift: {target['name']} declares {dep} but none of {os.path.relpath(path, package_dir)}/ "
                            f"imports it (remove it, or say why in scripts/check-imports.py's ALLOWED_UNUSED)")
    for line in problems:
        print(line)
    if problems:
        print(f"check-imports: {len(problems)} disagreement(s) between imports and Package.swift", file=sys.stderr)
        return 1
    print(f"check-imports: {len(manifest['targets'])} targets declare exactly what they import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
