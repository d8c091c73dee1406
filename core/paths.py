"""Where Facturo finds its own files and keeps its variable data."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORE_DIR = PROJECT_ROOT / "core"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
THEMES_DIR = PROJECT_ROOT / "themes"
I18N_DIR = PROJECT_ROOT / "i18n"
STATIC_DIR = CORE_DIR / "web" / "static"
REGISTRY_FILE = PROJECT_ROOT / "addon_registry.toml"


def var_dir() -> Path:
    """The folder for the SQLite database, attachments and stored PDFs (`FACTURO_VAR_DIR`)."""
    path = Path(os.environ.get("FACTURO_VAR_DIR", PROJECT_ROOT / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path
