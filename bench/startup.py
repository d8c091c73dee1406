"""Application start with 30 addons installed: a fresh process, imports included.

Run: `.venv/bin/python bench/startup.py`. Target: under 1 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

PROGRAM = r"""
import sys, time
start = time.perf_counter()
sys.path.insert(0, {here!r})
from synthetic_addons import synthetic_catalogue
from core.app import Facturo
from core.config import Settings
catalogue = synthetic_catalogue(30)
app = Facturo(Settings(database_url="sqlite:///{db}", secret_key="bench"), catalogue=catalogue)
try:
    app.web
    web = "with web app"
except ImportError:
    web = "without web app (core.web missing)"
elapsed = time.perf_counter() - start
print(f"{{elapsed:.3f}} {{len(app.catalogue.order)}} {{web}}")
"""


def main() -> None:
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        code = PROGRAM.format(here=str(HERE), db=f"{tmp}/bench.db")
        for _ in range(5):
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout.split(maxsplit=2)
            runs.append(float(out[0]))
    print(f"start with {out[1]} addons installed, {out[2].strip()}: "
          f"median {statistics.median(runs):.3f} s, best {min(runs):.3f} s over {len(runs)} runs")


if __name__ == "__main__":
    main()
