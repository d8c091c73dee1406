"""A client of Twikey's creditor API over httpx.

Twikey publishes a Python SDK (`twikey-api-python`), and its base address can be pointed at
another server; it is not used because it falls short on what this addon needs (0.2.3):
creating a transaction cannot send an `Idempotency-Key`; a 429 or 5xx answer is turned into
a generic error that drops `Retry-After`, and a 400 is raised before its `{code, message}`
body is read; the feeds read from the server's own position only (the transaction feed takes
no `X-RESUME-AFTER`) and hand entries to callbacks, so a reader cannot commit its position
page by page; and it is built on `requests` while Facturo's clients are httpx.

The feeds (mandates, transactions, credit transfers) are read from a stored position
(`X-RESUME-AFTER`, the next one in `X-LAST`) until a page comes back empty.

Every call logs in when needed (`POST /creditor` with the API key; the token comes back in
the `Authorization` header, valid 24 hours) and sends the token as it is, form-encoded.
Errors: `TwikeyError` for an answer that will not change on a retry (HTTP 400 with an
`ApiError` header and `{code, message, extra}`), `TwikeyUnavailable` for one that may
(429 with its `Retry-After`, 5xx, a refused connection, a timeout).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

DEFAULT_URL = "https://api.twikey.com"
TOKEN_LIFETIME = 23 * 3600
"""Seconds a login token is used (Twikey keeps it 24 hours)."""
TIMEOUT = 15.0
CENT = Decimal("0.01")


class TwikeyError(Exception):
    """Twikey refused the call; sending it again would be refused again."""

    def __init__(self, code: str, message: str, extra: str = "", status: int = 400) -> None:
        super().__init__(f"{code}: {message}" + (f" ({extra})" if extra else ""))
        self.code = code
        self.message = message
        self.extra = extra
        self.status = status


class TwikeyUnavailable(Exception):
    """Twikey could not answer now (down, slow, too many calls): try again later."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass(frozen=True)
class FeedPage:
    """One page of a feed: its entries and the position to resume after."""

    entries: list[dict[str, Any]]
    last: str | None


_tokens: dict[tuple[str, str], tuple[str, float]] = {}
_tokens_lock = threading.Lock()


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a `Retry-After` header (seconds only; a date counts as none)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def amount_text(amount: Decimal) -> str:
    """An amount as Twikey takes it: two decimals, a point."""
    return str(amount.quantize(CENT))


class TwikeyClient:
    """Calls to one Twikey account (one API key) at `base_url`."""

    def __init__(self, api_key: str, base_url: str = DEFAULT_URL, *,
                 timeout: float = TIMEOUT, transport: httpx.BaseTransport | None = None) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport,
                                 headers={"User-Agent": "facturo-twikey/1.0"})

    def __enter__(self) -> TwikeyClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    # -- the calls --------------------------------------------------------------------------

    def invite(self, template: str, customer: dict[str, str]) -> dict[str, Any]:
        """Prepare a mandate on `template` for a customer to sign: `{mndtId, url, key}`."""
        return self._call("POST", "/creditor/invite", {"ct": template, **customer}).json()

    def mandate_feed(self, resume_after: str | None = None) -> FeedPage:
        """Mandates signed, changed or cancelled since `resume_after` (one page)."""
        response = self._call("GET", "/creditor/mandate", None, _resume(resume_after))
        return FeedPage(response.json().get("Messages", []), response.headers.get("X-LAST"))

    def new_transaction(self, mndt_id: str, message: str, amount: Decimal, ref: str,
                        idempotency_key: str) -> dict[str, Any]:
        """Ask to collect `amount` on a mandate; the same key never collects twice."""
        form = {"mndtId": mndt_id, "message": message, "amount": amount_text(amount),
                "ref": ref}
        response = self._call("POST", "/creditor/transaction", form,
                              {"Idempotency-Key": idempotency_key})
        return _first_entry(response)

    def transaction_feed(self, resume_after: str | None = None) -> Iterator[FeedPage]:
        """Pages of transaction updates, read until a page comes back empty."""
        return self._pages("/creditor/transaction", resume_after)

    def transfer_feed(self, resume_after: str | None = None) -> Iterator[FeedPage]:
        """Pages of the credit transfer feed (what became of refunds: paid, or the bank's
        error), read until a page comes back empty."""
        return self._pages("/creditor/transfer", resume_after)

    def refund(self, customer_number: str, iban: str, message: str, amount: Decimal, ref: str,
               idempotency_key: str) -> dict[str, Any]:
        """Pay `amount` back to the customer's account; the same key never pays twice."""
        form = {"customerNumber": customer_number, "iban": iban, "message": message,
                "amount": amount_text(amount), "ref": ref}
        response = self._call("POST", "/creditor/transfer", form,
                              {"Idempotency-Key": idempotency_key})
        return _first_entry(response)

    def _pages(self, path: str, resume_after: str | None) -> Iterator[FeedPage]:
        position = resume_after
        while True:
            response = self._call("GET", path, None, _resume(position))
            entries = response.json(parse_float=Decimal).get("Entries", [])
            if not entries:
                return
            position = response.headers.get("X-LAST", position)
            yield FeedPage(entries, position)

    # -- log in and send ----------------------------------------------------------------------

    def _token(self, fresh: bool = False) -> str:
        key = (self.base_url, self.api_key)
        with _tokens_lock:
            cached = _tokens.get(key)
            if cached and not fresh and time.monotonic() - cached[1] < TOKEN_LIFETIME:
                return cached[0]
        response = self._send("POST", "/creditor", {"apiToken": self.api_key}, {})
        token = response.headers.get("Authorization")
        if not token:
            raise TwikeyError("err_no_token", "Twikey answered the login without a token",
                              status=response.status_code)
        with _tokens_lock:
            _tokens[key] = (token, time.monotonic())
        return token

    def _call(self, method: str, path: str, form: dict[str, str] | None,
              headers: dict[str, str] | None = None) -> httpx.Response:
        try:
            return self._send(method, path, form,
                              {"Authorization": self._token(), **(headers or {})})
        except TwikeyError as error:
            if error.code != "err_no_login":
                raise
        return self._send(method, path, form,
                          {"Authorization": self._token(fresh=True), **(headers or {})})

    def _send(self, method: str, path: str, form: dict[str, str] | None,
              headers: dict[str, str]) -> httpx.Response:
        try:
            response = self.http.request(method, path, data=form, headers=headers)
        except httpx.TimeoutException as error:
            raise TwikeyUnavailable(f"Twikey did not answer in time ({error})") from error
        except httpx.TransportError as error:
            raise TwikeyUnavailable(f"Twikey cannot be reached ({error})") from error
        if response.status_code == 429:
            raise TwikeyUnavailable("Twikey refused: too many calls",
                                    retry_after(response.headers.get("Retry-After")))
        if response.status_code >= 500:
            raise TwikeyUnavailable(f"Twikey answered {response.status_code}",
                                    retry_after(response.headers.get("Retry-After")))
        if "ApiError" in response.headers or response.status_code >= 400:
            raise _error(response)
        return response


def _resume(position: str | None) -> dict[str, str]:
    return {"X-RESUME-AFTER": position} if position else {}


def _first_entry(response: httpx.Response) -> dict[str, Any]:
    entries = response.json(parse_float=Decimal).get("Entries") or [{}]
    return entries[0]  # type: ignore[no-any-return]


def _error(response: httpx.Response) -> TwikeyError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = response.headers.get("ApiError") or body.get("code") or f"http_{response.status_code}"
    return TwikeyError(str(code), str(body.get("message") or response.reason_phrase),
                       str(body.get("extra") or ""), response.status_code)
