"""Helpers of the business pages' tests: the page title, posting a form, htmx headers."""

from __future__ import annotations

import re
from typing import Any

TITLE = re.compile(r"<title>(.*?) · Facturo</title>")


def title_of(html: str) -> str:
    """The page title (without the " · Facturo" suffix)."""
    match = TITLE.search(html)
    assert match is not None, "the page has no title"
    return match.group(1)


def post(client: Any, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """POST a form as the browser would (with the session's CSRF token), not following the
    redirect; the token is read once from a page and kept on the client."""
    from core.testing.web import csrf_from

    token = getattr(client, "facturo_csrf", None)
    if token is None:
        token = csrf_from(client.get("/customers").text)
        client.facturo_csrf = token
    kwargs.setdefault("follow_redirects", False)
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


HTMX = {"HX-Request": "true"}
