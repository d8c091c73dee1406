"""A throwaway PostgreSQL cluster made with the machine's `initdb` and `pg_ctl`."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bin_dir() -> Path:
    """The folder holding initdb, pg_ctl and postgres (PATH first, then Debian's layout)."""
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    raise PostgresUnavailable("initdb not found (install Debian's postgresql package)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TemporaryPostgres:
    """A private cluster on a loopback port with the two roles of a deployment.

    `owner_url` connects as the role that owns the tables (migrations, operator commands);
    `url` as the application's role, which owns nothing and is no superuser, so row-level
    security applies to it and it cannot switch it off.
    """

    ROLE = "facturo"
    OWNER = "facturo_owner"
    PASSWORD = "facturo"

    def __init__(self) -> None:
        self.bin_dir = find_bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="facturo-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._run_as = "postgres" if os.geteuid() == 0 else None

    def _cmd(self, *args: str) -> list[str]:
        if self._run_as is None:
            return list(args)
        return ["runuser", "-u", self._run_as, "--", *args]

    def _run(self, *args: str) -> None:
        subprocess.run(self._cmd(*args), check=True, capture_output=True, text=True)

    def start(self) -> TemporaryPostgres:
        """initdb, start the server and create the owner and the application roles."""
        if self._run_as:
            user = pwd.getpwnam(self._run_as)
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres",
            "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.root / "server.log"), "-w", "start",
        )
        self.superuser_sql(
            f"CREATE ROLE {self.OWNER} LOGIN CREATEDB PASSWORD '{self.PASSWORD}'; "
            f"CREATE ROLE {self.ROLE} LOGIN PASSWORD '{self.PASSWORD}'"
        )
        return self

    def superuser_sql(self, sql: str, database: str = "postgres") -> None:
        """Run SQL as the cluster's superuser."""
        self._run(
            str(self.bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
            "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-c", sql,
        )

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL for the application role."""
        return (
            f"postgresql+psycopg://{self.ROLE}:{self.PASSWORD}@127.0.0.1:{self.port}/{database}"
        )

    def owner_url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL for the role that owns the tables."""
        return (
            f"postgresql+psycopg://{self.OWNER}:{self.PASSWORD}@127.0.0.1:{self.port}/{database}"
        )

    def superuser_url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL for the cluster's superuser (creating and dropping databases)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """Stop the server and remove its files."""
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
