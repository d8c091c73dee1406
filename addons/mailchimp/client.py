"""A small client of MailChimp's Marketing API v3, on httpx.

The base URL is `https://{dc}.api.mailchimp.com/3.0`, the data centre `dc` being the suffix
of the API key (`…-us21`); `FACTURO_MAILCHIMP_URL` replaces it (a template with `{dc}`, e.g.
a local test server). Errors are told apart the way a caller must treat them:
`RateLimited` (429, with the `Retry-After` if sent), `Unavailable` (timeouts, connection
errors, 5xx: try again later), `ComplianceState` (the person unsubscribed: never retry),
`MailChimpError` for any other refusal, carrying the problem document's title and detail.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
from collections.abc import Iterator
from typing import Any

import httpx

DEFAULT_URL = "https://{dc}.api.mailchimp.com/3.0"
MAX_CONNECTIONS = 10
"""MailChimp refuses more than 10 simultaneous connections per account."""
COMPLIANCE = "Member In Compliance State"
_DC = re.compile(r"[a-z]{2,4}\d{1,3}")


class MailChimpError(Exception):
    """MailChimp refused a call: its HTTP status, title and detail."""

    def __init__(self, status: int, title: str, detail: str = "") -> None:
        super().__init__(f"{status} {title}: {detail}" if detail else f"{status} {title}")
        self.status, self.title, self.detail = status, title, detail


class ComplianceState(MailChimpError):
    """The person unsubscribed (or bounced): MailChimp will not subscribe them again."""


class RateLimited(MailChimpError):
    """Too many requests or connections; `retry_after` seconds if MailChimp said so."""

    def __init__(self, status: int, title: str, detail: str, retry_after: float | None) -> None:
        super().__init__(status, title, detail)
        self.retry_after = retry_after


class Unavailable(MailChimpError):
    """MailChimp did not answer in time, could not be reached or failed (5xx)."""


class BadApiKey(ValueError):
    """An API key without a data-centre suffix."""


def data_centre(api_key: str) -> str:
    """The data centre of an API key: the part after its last `-` (`us21`)."""
    _key, dash, dc = api_key.strip().rpartition("-")
    if not dash or not _key or not _DC.fullmatch(dc):
        raise BadApiKey(api_key)
    return dc


def base_url(api_key: str) -> str:
    """The API's base URL for this key."""
    template = os.environ.get("FACTURO_MAILCHIMP_URL") or DEFAULT_URL
    return template.format(dc=data_centre(api_key)).rstrip("/")


def subscriber_hash(email: str) -> str:
    """The id MailChimp gives a member: the MD5 of the lowercased address."""
    return hashlib.md5(email.strip().lower().encode()).hexdigest()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None


def raise_for(response: httpx.Response) -> None:
    """Turn an error answer into the matching exception."""
    if response.is_success:
        return
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    if not isinstance(problem, dict):
        problem = {}
    title = str(problem.get("title") or response.reason_phrase)
    detail = str(problem.get("detail") or "")
    status = response.status_code
    if status == 429:
        raise RateLimited(status, title, detail, _retry_after(response))
    if status >= 500:
        raise Unavailable(status, title, detail)
    if title == COMPLIANCE:
        raise ComplianceState(status, title, detail)
    raise MailChimpError(status, title, detail)


class MailChimpClient:
    """The calls Facturo makes, on one connection pool of at most 10 connections."""

    def __init__(self, api_key: str, timeout: float = 10.0) -> None:
        self.http = httpx.Client(
            base_url=base_url(api_key), auth=("facturo", api_key.strip()), timeout=timeout,
            limits=httpx.Limits(max_connections=MAX_CONNECTIONS),
            headers={"User-Agent": "Facturo"},
        )

    def __enter__(self) -> MailChimpClient:
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self.http.close()

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        """One call; the JSON answer (None when empty). Raises the errors above."""
        try:
            response = self.http.request(method, path, json=body, params=params or None)
        except httpx.TimeoutException as exc:
            raise Unavailable(0, "Timeout", str(exc) or "no answer in time") from exc
        except httpx.TransportError as exc:
            raise Unavailable(0, "Unreachable", str(exc) or type(exc).__name__) from exc
        raise_for(response)
        return response.json() if response.content else None

    def audiences(self) -> list[dict[str, Any]]:
        """Every audience (list) of the account: `id`, `name`, `stats.member_count`."""
        found: list[dict[str, Any]] = []
        while True:
            page = self.call("GET", "/lists", count=100, offset=len(found),
                             fields="lists.id,lists.name,lists.stats.member_count,total_items")
            found.extend(page.get("lists", []))
            if not page.get("lists") or len(found) >= int(page.get("total_items", 0)):
                return found

    def upsert_member(self, list_id: str, key: str, body: dict[str, Any]) -> dict[str, Any]:
        """Add or update the member at `key` (its subscriber hash; the old one when the
        address changes, which moves the member)."""
        return self.call("PUT", f"/lists/{list_id}/members/{key}", body)

    def set_tags(self, list_id: str, key: str, tags: list[dict[str, str]]) -> None:
        """Switch tags on or off: `[{"name": ..., "status": "active"|"inactive"}]`."""
        self.call("POST", f"/lists/{list_id}/members/{key}/tags", {"tags": tags})

    def archive_member(self, list_id: str, key: str) -> bool:
        """Archive the member; False when there was none (nothing to archive)."""
        try:
            self.call("DELETE", f"/lists/{list_id}/members/{key}")
        except MailChimpError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    def start_batch(self, operations: list[dict[str, Any]]) -> dict[str, Any]:
        """Submit operations (`method`, `path`, `body` as JSON text, `operation_id`)."""
        return self.call("POST", "/batches", {"operations": operations})

    def batch(self, batch_id: str) -> dict[str, Any]:
        """A batch's state: `status`, `total_operations`, `finished_operations`, ...,
        `response_body_url` once finished."""
        return self.call("GET", f"/batches/{batch_id}")

    def batch_results(self, url: str) -> Iterator[dict[str, Any]]:
        """The results of a finished batch (`status_code`, `operation_id`, `response`),
        read from its gzipped tar of JSON files."""
        try:
            response = self.http.get(url, auth=None)
        except httpx.TransportError as exc:
            raise Unavailable(0, "Unreachable", str(exc) or type(exc).__name__) from exc
        raise_for(response)
        with tarfile.open(fileobj=io.BytesIO(response.content), mode="r:gz") as archive:
            for member in archive.getmembers():
                handle = archive.extractfile(member) if member.isfile() else None
                if handle is not None:
                    yield from json.loads(handle.read() or b"[]")
