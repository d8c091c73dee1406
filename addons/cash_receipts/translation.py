"""The cash_receipts addon's messages: its own catalog (`i18n/`) first, then core's."""

from core.api import Domain

_, ngettext, N_ = Domain("cash_receipts").functions()
