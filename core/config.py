"""Deployment settings, read from the environment once."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from core.paths import REGISTRY_FILE, var_dir


def default_database_url() -> str:
    """SQLite file under `var/` unless `FACTURO_DATABASE_URL` names another database."""
    return os.environ.get("FACTURO_DATABASE_URL") or f"sqlite:///{var_dir() / 'facturo.db'}"


def default_owner_database_url() -> str | None:
    """`FACTURO_DATABASE_OWNER_URL`: the role that owns the tables (PostgreSQL operator work)."""
    return os.environ.get("FACTURO_DATABASE_OWNER_URL") or None


def _secret_key() -> str:
    configured = os.environ.get("FACTURO_SECRET_KEY")
    if configured:
        return configured
    key_file = var_dir() / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


@dataclass(frozen=True)
class Settings:
    """What one Facturo deployment runs with."""

    database_url: str = field(default_factory=default_database_url)
    # migrations, purges and all-tenant reads; unset: the application's own URL
    owner_database_url: str | None = field(default_factory=default_owner_database_url)
    registry_file: Path = REGISTRY_FILE
    secret_key: str = field(default_factory=_secret_key)
    debug: bool = field(default_factory=lambda: os.environ.get("FACTURO_DEBUG") == "1")
