"""Driving the web app from tests the way a browser does: through its forms."""

from __future__ import annotations

import re
from typing import Any

CSRF_PATTERNS = (
    re.compile(r'name="csrf_token" value="([^"]+)"'),
    re.compile(r'"X-CSRF-Token": "([^"]+)"'),
)


class LoginFailed(AssertionError):
    """The login form did not accept the credentials."""


def csrf_from(html: str) -> str:
    """The CSRF token of a rendered page."""
    for pattern in CSRF_PATTERNS:
        match = pattern.search(html)
        if match is not None:
            return match.group(1)
    raise AssertionError("the page has no CSRF token")


def csrf_token(client: Any) -> str:
    """The CSRF token of the client's session (read from a page, as a browser would)."""
    return csrf_from(client.get("/login", follow_redirects=True).text)


def post_form(client: Any, url: str, data: dict[str, str] | None = None, **kwargs: Any) -> Any:
    """POST a form with the session's CSRF token; redirects are not followed by default."""
    kwargs.setdefault("follow_redirects", False)
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)}, **kwargs)


def log_in(client: Any, email: str, password: str) -> Any:
    """Log in through `/login`; returns the page it lands on."""
    response = post_form(client, "/login", {"email": email, "password": password})
    if response.status_code != 303:
        raise LoginFailed(f"login as {email} failed with status {response.status_code}")
    return client.get(response.headers["location"])


def finish_import(client: Any, upload: Any, timeout: float = 60.0) -> Any:
    """Follow an upload's progress page (`upload` redirects to `/imports/<id>`) the way a
    browser without JavaScript does, until the file is read: the answer that leaves the
    page (a redirect to the import's next step), or the page with the failure's reason."""
    import time

    location = upload.headers["location"]
    if not location.startswith("/imports/"):
        raise AssertionError(f"the upload went to {location}, not to a progress page")
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(location, follow_redirects=False)
        if response.status_code != 200:
            return response
        if time.monotonic() > deadline:
            raise AssertionError(f"{location} still reads the file after {timeout} s")
        time.sleep(0.05)
