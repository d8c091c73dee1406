"""Every page needs a login (except the public ones) and every page has a title."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from core.web.pages import PUBLIC_ATTR

pytestmark = pytest.mark.sqlite_only

PARAM = re.compile(r"{(\w+)(?::\w+)?}")
TITLE = re.compile(r"<title>(.*?) · Facturo</title>")


def get_routes(routes, prefix=""):
    """(path, endpoint) of every GET route, mounts included, static files left out."""
    found = []
    for route in routes:
        if isinstance(route, Mount):
            if route.path != "/static":
                found.extend(get_routes(route.routes, prefix + route.path))
        elif isinstance(route, Route) and "GET" in (route.methods or ()):
            found.append((prefix + route.path, route.endpoint))
    return found


def concrete(path, value="sample_base"):
    return PARAM.sub(lambda m: "1" if m.group(0).endswith(":int}") else value, path)


def test_every_get_route_sends_anonymous_visitors_to_the_login(shell_app):
    routes = get_routes(shell_app.web.routes)
    assert any(path.startswith("/apps/sample_web/") for path, _ in routes)
    client = TestClient(shell_app.web)
    checked = 0
    for path, endpoint in routes:
        if getattr(endpoint, PUBLIC_ATTR, False):
            continue
        url = concrete(path)
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 303, url
        assert response.headers["location"].startswith("/login?next="), url
        checked += 1
    assert checked >= 8


def test_every_page_has_a_title(shell_client):
    client, _tenant, _user = shell_client(addons=("sample_web", "sample_base"))
    for path, endpoint in get_routes(client.app.routes):
        if path.startswith("/password/reset") or path in ("/healthz", "/apps/sample_web/boom"):
            continue
        if getattr(endpoint, "facturo_fragment", False):
            continue  # a piece of a page, for htmx to swap in
        url = concrete(path)
        # a page of a record (`{id}` in its path) answers 404 when the record does not exist
        expected = (200, 404) if PARAM.search(path) else (200,)
        response = client.get(url)
        assert response.status_code in expected, url
        if not response.headers["content-type"].startswith("text/html"):
            continue  # a download (an export, a PDF)
        match = TITLE.search(response.text)
        assert match and match.group(1).strip(), url
        fragment = client.get(url, headers={"HX-Request": "true"})
        assert fragment.status_code in expected and TITLE.search(fragment.text), url
