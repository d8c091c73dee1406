"""Helpers of the settings pages' tests: the page title, posting a form, a real image."""

from __future__ import annotations

import io
import re
from typing import Any

from core.testing.web import csrf_from

TITLE = re.compile(r"<title>(.*?) · Facturo</title>")
HTMX = {"HX-Request": "true"}


def title_of(html: str) -> str:
    """The page title without the " · Facturo" suffix."""
    match = TITLE.search(html)
    assert match is not None, "the page has no title"
    return match.group(1)


def send(client: Any, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """POST a form with the session's CSRF token, not following the redirect."""
    token = getattr(client, "facturo_csrf", None)
    if token is None:
        token = client.facturo_csrf = csrf_from(client.get("/account").text)
    kwargs.setdefault("follow_redirects", False)
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 20)) -> bytes:
    """A small real image of a format."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()
