"""What an importable entity provides: its fields, a row check and a bulk save."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.context import Context

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportField:
    """A field a column can feed. `headers` are extra spellings recognised in file headers
    (the key and the label in nl/fr/en are recognised anyway)."""

    key: str
    label: str
    headers: tuple[str, ...] = field(default=())
    required: bool = False


@dataclass(frozen=True)
class RowError:
    """Why a row cannot be imported: its row number in the file (header = 1), the column
    (as headed in the file, or the field's label when no column feeds it) and the reason."""

    row: int
    column: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.reason}"


class EntityImporter(ABC):
    """One kind of record that can be imported. An instance serves one import run.

    `start` is called once before the rows are checked (load what the checks need, e.g. the
    numbers already used); `check` is called for each row in file order and may remember
    what it saw (duplicates within the file); `save` writes the checked records in bulk, in
    the caller's transaction.
    """

    entity: str = "record"

    @abstractmethod
    def fields(self, ctx: Context) -> Sequence[ImportField]:
        """The importable fields, for this tenant (custom fields included)."""

    def start(self, ctx: Context) -> None:  # noqa: B027 - optional step
        """Prepare a run."""

    @abstractmethod
    def check(self, ctx: Context, values: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        """(the record to save, {field key: reason} of what is wrong) for one row's values.

        `values` holds the mapped fields only, as read from the file (text, or numbers and
        dates from a spreadsheet).
        """

    @abstractmethod
    def save(self, ctx: Context, records: list[Any], progress: Progress | None = None) -> int:
        """Write the records; return how many were created."""
