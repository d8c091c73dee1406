"""`facturo worker` in a process of its own, with the sample outbox addon installed.

Run as `python worker_main.py worker ...` with the deployment's environment
(`FACTURO_DATABASE_URL`, ...): the command line of an installation that has the addon.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "sample_addons"))

from core.addons.catalogue import Catalogue  # noqa: E402
from core.addons.discovery import discover, locate  # noqa: E402
from core.cli.main import build_cli  # noqa: E402

if __name__ == "__main__":
    catalogue = Catalogue.load([*discover(), locate("sample_outbox", "sample_outbox")])
    build_cli(catalogue)(prog_name="facturo")
