"""Re-run a Python script inside a venv that has the packages it needs.

Shared by the repository's Python scripts (schema-check, the pandas example,
the browser test): when `modules` are not importable, make a virtual
environment under `.build/<name>`, pip-install `packages` there, and re-exec
the calling script with that interpreter. When pip cannot reach the package
index, print why and exit 0 (a skip, said out loud) unless `required`.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure(tag, name, modules, packages, required=False):
    try:
        for m in modules:
            __import__(m)
        return
    except ImportError:
        pass
    marker = "MUSTER_VENV_" + name.upper().replace("-", "_")
    if os.environ.get(marker) == "1":
        sys.exit(f"{tag}: {', '.join(modules)} still missing inside the venv")
    venv = os.path.join(ROOT, ".build", name)
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    probe = subprocess.run([py, "-c", "; ".join(f"import {m}" for m in modules)], capture_output=True)
    if probe.returncode != 0:
        print(f"{tag}: installing {', '.join(packages)} into .build/{name}", flush=True)
        pip = subprocess.run([py, "-m", "pip", "install", "-q", *packages], capture_output=True, text=True)
        if pip.returncode != 0:
            print(pip.stderr.strip())
            print(f"{tag}: {'FAILED' if required else 'SKIPPED'}: pip could not install "
                  f"{', '.join(packages)} (is the package index reachable?)")
            sys.exit(1 if required else 0)
    env = dict(os.environ, **{marker: "1"})
    script = os.path.abspath(sys.argv[0])
    os.execve(py, [py, script] + sys.argv[1:], env)
