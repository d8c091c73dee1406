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


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a whole number") from None


def _public_url() -> str | None:
    value = os.environ.get("FACTURO_PUBLIC_URL", "").strip().rstrip("/")
    if value and not value.startswith(("http://", "https://")):
        raise ValueError(f"FACTURO_PUBLIC_URL={value!r} must start with http:// or https://")
    return value or None


def _trusted_proxies() -> tuple[str, ...]:
    value = os.environ.get("FACTURO_TRUSTED_PROXIES", "")
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _hsts() -> int:
    value = os.environ.get("FACTURO_HSTS", "").strip().lower()
    if value in ("", "0", "off", "no"):
        return 0
    if value in ("1", "on", "yes"):
        return ONE_YEAR
    return _env_int("FACTURO_HSTS", 0)


ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class PlatformMail:
    """The deployment's own SMTP sender, for mail that belongs to no company.

    Password links and invitations go through it, never through a tenant's mail settings.
    """

    host: str
    from_address: str
    port: int = 25
    security: str = "none"
    username: str = ""
    password: str = ""

    @classmethod
    def from_environment(cls) -> PlatformMail | None:
        """`FACTURO_MAIL_HOST`, `_PORT`, `_SECURITY`, `_USERNAME`, `_PASSWORD`, `_FROM`."""
        host = os.environ.get("FACTURO_MAIL_HOST", "").strip()
        if not host:
            return None
        security = os.environ.get("FACTURO_MAIL_SECURITY", "none").strip().lower()
        if security not in ("none", "starttls", "tls"):
            raise ValueError(f"FACTURO_MAIL_SECURITY={security!r}: use none, starttls or tls")
        default_port = {"tls": 465, "starttls": 587}.get(security, 25)
        return cls(
            host=host,
            from_address=os.environ.get("FACTURO_MAIL_FROM", "").strip() or f"noreply@{host}",
            port=_env_int("FACTURO_MAIL_PORT", default_port),
            security=security,
            username=os.environ.get("FACTURO_MAIL_USERNAME", ""),
            password=os.environ.get("FACTURO_MAIL_PASSWORD", ""),
        )


@dataclass(frozen=True)
class Settings:
    """What one Facturo deployment runs with."""

    database_url: str = field(default_factory=default_database_url)
    # migrations, purges and all-tenant reads; unset: the application's own URL
    owner_database_url: str | None = field(default_factory=default_owner_database_url)
    registry_file: Path = REGISTRY_FILE
    secret_key: str = field(default_factory=_secret_key)
    debug: bool = field(default_factory=lambda: os.environ.get("FACTURO_DEBUG") == "1")
    # where people reach the deployment; the only base of links in e-mails
    public_url: str | None = field(default_factory=_public_url)
    # peers whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or networks)
    trusted_proxies: tuple[str, ...] = field(default_factory=_trusted_proxies)
    # Strict-Transport-Security max-age in seconds; 0 sends no header
    hsts_seconds: int = field(default_factory=_hsts)
    platform_mail: PlatformMail | None = field(default_factory=PlatformMail.from_environment)
    # a session ends after this long without a request, and this long after the login
    session_idle_seconds: int = field(
        default_factory=lambda: _env_int("FACTURO_SESSION_IDLE", 8 * 3600))
    session_lifetime_seconds: int = field(
        default_factory=lambda: _env_int("FACTURO_SESSION_LIFETIME", 7 * 24 * 3600))
