"""Form handling shared by every page: read a posted form, keep what was typed, show errors.

A form that fails validation is shown again with every typed value and a message next to
each bad field (status 422), so nothing the user entered is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from core.web.security import CSRF_FIELD


async def form_data(request: Request) -> dict[str, str]:
    """The posted text fields (files left out, the CSRF field dropped), stripped."""
    form = await request.form()
    values: dict[str, str] = {}
    for key, value in form.multi_items():
        if key == CSRF_FIELD or isinstance(value, UploadFile):
            continue
        values[key] = value.strip() if isinstance(value, str) else str(value)
    return values


@dataclass
class Form:
    """Values of a form being edited and the errors found in them."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def value(self, name: str, default: Any = "") -> Any:
        """What the field holds (as typed, or as stored)."""
        value = self.values.get(name)
        return default if value is None else value

    def error(self, name: str) -> str:
        """The message for a field, or an empty string."""
        return self.errors.get(name, "")

    def add_error(self, name: str, message: str) -> None:
        """Record a problem with a field (the first one per field is kept)."""
        self.errors.setdefault(name, message)

    @property
    def ok(self) -> bool:
        """Whether no error was found."""
        return not self.errors
