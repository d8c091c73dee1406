"""What every command shares: the addon catalogue (loaded once) and a lazily built app.

The catalogue is loaded when the command line is built, because addons register their
commands from it; the database is reached only when a command asks for the application.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from core.addons.catalogue import Catalogue
from core.addons.registry_file import Registry
from core.app import Facturo

_running: ContextVar[CliState | None] = ContextVar("facturo_cli_state", default=None)


class CliState:
    """The catalogue of this deployment and the Facturo application of the running command."""

    def __init__(self, catalogue: Catalogue, registry: Registry | None = None) -> None:
        self.catalogue = catalogue
        self.registry = registry
        self._app: Facturo | None = None

    @property
    def app(self) -> Facturo:
        """The application, built on first use from the environment's settings."""
        if self._app is None:
            self._app = Facturo(catalogue=self.catalogue, registry=self.registry)
        return self._app

    @contextmanager
    def running(self) -> Iterator[CliState]:
        """The state of one command run; its database connections are released after."""
        token = _running.set(self)
        try:
            yield self
        finally:
            _running.reset(token)
            if self._app is not None:
                self._app.db.dispose()
                self._app = None


def current_state() -> CliState:
    """The state of the command being run."""
    state = _running.get()
    if state is None:
        raise RuntimeError("not inside a facturo command")
    return state


def current_app() -> Facturo:
    """The Facturo application, for commands (also those added by addons)."""
    return current_state().app
