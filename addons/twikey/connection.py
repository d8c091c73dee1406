"""The tenant's Twikey settings and a client for its account."""

from __future__ import annotations

from typing import Any

from addons.twikey.client import DEFAULT_URL, TwikeyClient
from addons.twikey.translation import N_, _
from core.api import Context

ADDON = "twikey"
MSG_NO_KEY = N_("Fill in the Twikey API key in Settings → Apps → Twikey first.")


class NotConfigured(ValueError):
    """The tenant has not given what a call to Twikey needs; the message says what."""


def settings(ctx: Context) -> dict[str, Any]:
    """The tenant's Twikey settings, typed."""
    return ctx.addon_settings(ADDON)


def client_for(ctx: Context) -> TwikeyClient:
    """A client of the tenant's Twikey account; `NotConfigured` without an API key."""
    values = settings(ctx)
    api_key = (values.get("api_key") or "").strip()
    if not api_key:
        raise NotConfigured(_(MSG_NO_KEY))
    return TwikeyClient(api_key, (values.get("api_url") or DEFAULT_URL).strip())
