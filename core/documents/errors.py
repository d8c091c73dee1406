"""Errors of the documents services; each message is written for the person who acted."""

from __future__ import annotations


class DocumentError(ValueError):
    """A document request that cannot be carried out, with the reason."""


class DocumentLocked(DocumentError):
    """The document is posted: its content is frozen (correct it with a credit note)."""


class ValidationFailed(DocumentError):
    """The document cannot be posted; `reasons` says why, one sentence each."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons
