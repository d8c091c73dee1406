"""Hook implementations of the MailChimp addon."""

from __future__ import annotations

from typing import Any

from core.api import hookimpl

ADDON_ID = "mailchimp"


@hookimpl
def addon_settings_validate(ctx: Any, addon_id: str, settings: dict[str, Any]) -> dict[str, str]:
    """An API key ends in its data centre (`…-us21`)."""
    if addon_id != ADDON_ID or not str(settings.get("api_key") or "").strip():
        return {}
    from addons.mailchimp.client import BadApiKey, data_centre
    from addons.mailchimp.translation import _

    try:
        data_centre(str(settings["api_key"]))
    except BadApiKey:
        return {"api_key": _("An API key ends with its data centre, like …-us21.")}
    return {}
