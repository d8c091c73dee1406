"""The addon's messages: its own catalog first, then core's."""

from core.api import Domain

_, ngettext, N_ = Domain("late_interest").functions()
