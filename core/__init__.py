"""Facturo kernel: tenants, users, the addon runtime, contacts, documents, numbering, web shell."""

import pluggy

PROJECT_NAME = "facturo"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Decorator marking an addon function as the implementation of a Facturo hook."""

__all__ = ["PROJECT_NAME", "hookimpl"]
