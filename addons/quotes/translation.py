"""The quotes addon's messages: its own catalog (`i18n/`) first, then core's."""

from core.i18n import Domain

_, ngettext, N_ = Domain("quotes").functions()
gettext = _
