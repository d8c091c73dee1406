"""A local HTTP server that speaks Twikey's documented creditor API, for the tests.

It answers over real HTTP on loopback: `POST /creditor` (log in with the API key, the token
in the `Authorization` response header, valid for a set time), `POST /creditor/invite`,
the mandate feed `GET /creditor/mandate` (`X-RESUME-AFTER` / `X-LAST`), `POST
/creditor/transaction` with `Idempotency-Key`, the transaction feed `GET
/creditor/transaction` (read until empty, pages of `PAGE_SIZE`, also resumable), refunds
`POST /creditor/transfer` and the credit transfer feed `GET /creditor/transfer` (what became
of them, read like the transaction feed). Errors come as HTTP 400 with an `ApiError` header
and a `{code, message, extra}` body. A test can make it refuse with 429 and `Retry-After`, answer
503 as if down, answer slower than a client's timeout, or stop it altogether.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PAGE_SIZE = 2
"""Entries per page of the transaction and credit transfer feeds (small, so that a client
must read until empty)."""


@dataclass
class Call:
    """One request the server received."""

    method: str
    path: str
    form: dict[str, str]
    headers: dict[str, str]


@dataclass
class Transaction:
    """A collection as the server keeps it."""

    id: int
    mndt_id: str
    message: str
    amount: Decimal
    ref: str
    state: str = "OPEN"
    bkerror: str = ""

    def entry(self) -> dict[str, Any]:
        """The transaction as the API shows it."""
        entry: dict[str, Any] = {
            "id": self.id, "contractId": 1, "mndtId": self.mndt_id, "msg": self.message,
            "amount": float(self.amount), "ref": self.ref, "place": None,
            "final": self.state in ("PAID", "ERROR"), "state": self.state,
            "date": "2026-12-02T10:00:00Z", "reqcolldt": "2026-12-04",
        }
        if self.state in ("PAID", "ERROR", "UNPAID"):
            entry["bkdate"] = "2026-12-05T08:00:00Z"
            entry["bkamount"] = float(self.amount) if self.state == "PAID" else 0
        if self.bkerror:
            entry["bkerror"] = self.bkerror
        return entry


@dataclass
class TwikeyState:
    """Everything the server remembers; tests read and change it."""

    api_key: str
    tokens: dict[str, float] = field(default_factory=dict)
    templates: set[str] = field(default_factory=lambda: {"1", "2"})
    mandates: dict[str, dict[str, Any]] = field(default_factory=dict)
    mandate_events: list[dict[str, Any]] = field(default_factory=list)
    mandate_served: int = 0
    transactions: dict[int, Transaction] = field(default_factory=dict)
    transaction_updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    transaction_served: int = 0
    idempotent: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    refunds: list[dict[str, str]] = field(default_factory=list)
    transfers: dict[str, dict[str, Any]] = field(default_factory=dict)
    transfer_updates: list[dict[str, Any]] = field(default_factory=list)
    transfer_served: int = 0
    transfer_access: bool = True
    calls: list[Call] = field(default_factory=list)
    refuse: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    delay: float = 0.0


class TwikeyServer:
    """The server, started on a free port of 127.0.0.1 in a thread of its own."""

    def __init__(self, api_key: str = "test-api-key") -> None:
        self.state = TwikeyState(api_key=api_key)
        self.lock = threading.Lock()
        self._ids = itertools.count(1001)
        self._mandate_numbers = itertools.count(1)
        self._httpd: ThreadingHTTPServer | None = None
        self.port = 0

    # -- life -------------------------------------------------------------------------------

    def start(self, port: int = 0) -> TwikeyServer:
        """Listen (on `port`, or a free one) and serve in a background thread."""
        handler = type("Handler", (_Handler,), {"server_state": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening: connections are refused from now on (the service is down)."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    @property
    def url(self) -> str:
        """The API's base address."""
        return f"http://127.0.0.1:{self.port}"

    # -- what a test makes happen -------------------------------------------------------------

    def refuse_next(self, count: int, status: int, headers: dict[str, str] | None = None) -> None:
        """Answer the next `count` requests with `status` (429, 503, ...) and `headers`."""
        with self.lock:
            self.state.refuse.extend([(status, headers or {})] * count)

    def sign(self, mndt_id: str, iban: str = "BE68539007547034") -> None:
        """The debtor signed the mandate: it appears in the mandate feed."""
        with self.lock:
            mandate = self.state.mandates[mndt_id]
            mandate["state"] = "signed"
            mandate["iban"] = iban
            self.state.mandate_events.append(
                {"Mndt": _mandate_body(mndt_id, mandate), "EvtTime": "2026-12-02T09:00:00Z"})

    def cancel(self, mndt_id: str, reason: str = "MD01") -> None:
        """The debtor (or the bank) cancelled the mandate."""
        with self.lock:
            self.state.mandates[mndt_id]["state"] = "cancelled"
            self.state.mandate_events.append({
                "OrgnlMndtId": mndt_id, "CxlRsn": {"Rsn": reason},
                "EvtTime": "2026-12-03T09:00:00Z"})

    def settle(self, ref: str, state: str, bkerror: str = "") -> None:
        """The bank booked the collection `ref`: PAID, ERROR or UNPAID."""
        with self.lock:
            for transaction in self.state.transactions.values():
                if transaction.ref == ref:
                    transaction.state = state
                    transaction.bkerror = bkerror
                    seq = len(self.state.transaction_updates) + 1
                    self.state.transaction_updates.append(
                        (transaction.id, {**transaction.entry(), "seq": seq}))

    def settle_refund(self, ref: str, state: str, bkerror: str = "") -> None:
        """The bank executed (PAID) or rejected (ERROR, with `bkerror`) the newest refund of
        `ref`: it appears in the credit transfer feed."""
        with self.lock:
            transfer = [t for t in self.state.transfers.values() if t["ref"] == ref][-1]
            transfer["state"] = state
            transfer["bkdate"] = "2026-12-09T08:00:00Z"
            transfer.pop("bkerror", None)
            if bkerror:
                transfer["bkerror"] = bkerror
            seq = len(self.state.transfer_updates) + 1
            self.state.transfer_updates.append({**transfer, "seq": seq})

    def expire_tokens(self) -> None:
        """Forget every token handed out (as after 24 hours)."""
        with self.lock:
            self.state.tokens.clear()

    def calls_to(self, method: str, path: str) -> list[Call]:
        """The requests received for one method and path."""
        return [c for c in self.state.calls if c.method == method and c.path == path]

    # -- the API ----------------------------------------------------------------------------

    def handle(self, method: str, path: str, form: dict[str, str],
               headers: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        with self.lock:
            self.state.calls.append(Call(method, path, form, headers))
            if self.state.refuse:
                status, extra = self.state.refuse.pop(0)
                return status, extra, {"message": "refused"}
        if method == "POST" and path == "/creditor":
            return self._login(form)
        token = headers.get("authorization", "")
        with self.lock:
            issued = self.state.tokens.get(token)
        if issued is None:
            return _error("err_no_login", "Not logged in, or the session expired")
        route = {
            ("POST", "/creditor/invite"): self._invite,
            ("GET", "/creditor/mandate"): self._mandate_feed,
            ("POST", "/creditor/transaction"): self._new_transaction,
            ("GET", "/creditor/transaction"): self._transaction_feed,
            ("POST", "/creditor/transfer"): self._refund,
            ("GET", "/creditor/transfer"): self._transfer_feed,
        }.get((method, path))
        if route is None:
            return 404, {}, {"message": "not found"}
        with self.lock:
            return route(form, headers)

    def _login(self, form: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        if form.get("apiToken") != self.state.api_key:
            return _error("err_invalid_apikey", "Invalid API key")
        token = f"token-{next(self._ids)}"
        with self.lock:
            self.state.tokens[token] = time.monotonic()
        return 200, {"Authorization": token, "X-MERCHANT-ID": "42"}, {}

    def _invite(self, form: dict[str, str], headers: dict[str, str]) -> tuple[int, dict, Any]:
        if form.get("ct") not in self.state.templates:
            return _error("err_invalid_template", "No such template", form.get("ct", ""))
        mndt_id = f"MNDT{next(self._mandate_numbers):05d}"
        self.state.mandates[mndt_id] = {"state": "prepared", **form}
        key = f"key-{mndt_id}"
        return 200, {}, {"mndtId": mndt_id, "url": f"{self.url}/sign/{key}", "key": key}

    def _mandate_feed(self, form: dict[str, str], headers: dict[str, str]
                      ) -> tuple[int, dict, Any]:
        resume = headers.get("x-resume-after")
        start = int(resume) if resume else self.state.mandate_served
        events = self.state.mandate_events[start:]
        self.state.mandate_served = len(self.state.mandate_events)
        return 200, {"X-LAST": str(len(self.state.mandate_events))}, {"Messages": events}

    def _new_transaction(self, form: dict[str, str], headers: dict[str, str]
                         ) -> tuple[int, dict, Any]:
        key = headers.get("idempotency-key")
        if key and key in self.state.idempotent:
            return self.state.idempotent[key][0], {}, self.state.idempotent[key][1]
        mandate = self.state.mandates.get(form.get("mndtId", ""))
        if mandate is None or mandate["state"] != "signed":
            return _error("err_no_contract", "No active mandate", form.get("mndtId", ""))
        message = form.get("message", "")
        if not message or len(message) > 140:
            return _error("err_invalid_message", "The message is empty or too long")
        try:
            amount = Decimal(form["amount"])
        except (KeyError, ArithmeticError):
            return _error("err_invalid_amount", "Invalid amount")
        transaction = Transaction(next(self._ids), form["mndtId"], message, amount,
                                  form.get("ref", ""))
        self.state.transactions[transaction.id] = transaction
        body = {"Entries": [transaction.entry()]}
        if key:
            self.state.idempotent[key] = (200, body)
        return 200, {}, body

    def _transaction_feed(self, form: dict[str, str], headers: dict[str, str]
                          ) -> tuple[int, dict, Any]:
        resume = headers.get("x-resume-after")
        start = int(resume) if resume else self.state.transaction_served
        page = self.state.transaction_updates[start:start + PAGE_SIZE]
        self.state.transaction_served = start + len(page)
        return 200, {"X-LAST": str(start + len(page))}, {"Entries": [e for _, e in page]}

    def _refund(self, form: dict[str, str], headers: dict[str, str]) -> tuple[int, dict, Any]:
        key = headers.get("idempotency-key")
        if key and key in self.state.idempotent:
            return self.state.idempotent[key][0], {}, self.state.idempotent[key][1]
        if not form.get("iban") or not form.get("amount"):
            return _error("err_invalid_params", "iban and amount are required")
        self.state.refunds.append(form)
        transfer = {"id": f"R{next(self._ids)}", "iban": form["iban"], "bic": "GKCCBEBB",
                    "amount": float(Decimal(form["amount"])), "msg": form.get("message"),
                    "place": None, "ref": form.get("ref"), "date": "2026-12-06",
                    "state": "PENDING"}
        self.state.transfers[transfer["id"]] = transfer
        body = {"Entries": [dict(transfer)]}
        if key:
            self.state.idempotent[key] = (200, body)
        return 200, {}, body

    def _transfer_feed(self, form: dict[str, str], headers: dict[str, str]
                       ) -> tuple[int, dict, Any]:
        if not self.state.transfer_access:
            return _error("err_no_access", "This API key may not read credit transfers")
        resume = headers.get("x-resume-after")
        if resume is not None and not resume.isdigit():
            return _error("err_invalid_params", "X-RESUME-AFTER is not a position", resume)
        start = int(resume) if resume else self.state.transfer_served
        page = self.state.transfer_updates[start:start + PAGE_SIZE]
        self.state.transfer_served = start + len(page)
        return 200, {"X-LAST": str(start + len(page))}, {"Entries": page}


def _mandate_body(mndt_id: str, mandate: dict[str, Any]) -> dict[str, Any]:
    return {
        "MndtId": mndt_id,
        "Dbtr": {"Nm": mandate.get("companyName") or mandate.get("lastname", ""),
                 "CtctDtls": {"EmailAdr": mandate.get("email", "")}},
        "DbtrAcct": mandate["iban"],
        "SplmtryData": [{"Key": "CustomerNumber", "Value": mandate.get("customerNumber", "")},
                        {"Key": "Template", "Value": mandate.get("ct", "")}],
    }


def _error(code: str, message: str, extra: str = "") -> tuple[int, dict[str, str], Any]:
    return 400, {"ApiError": code}, {"code": code, "message": message, "extra": extra}


class _Handler(BaseHTTPRequestHandler):
    server_state: TwikeyServer
    protocol_version = "HTTP/1.0"  # one connection per request: stop() is down at once

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read `calls` instead."""

    def _serve(self, method: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        form = {k: v[-1] for k, v in parse_qs(body or parts.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in self.headers.items()}
        if self.server_state.state.delay:
            time.sleep(self.server_state.state.delay)
        status, extra, payload = self.server_state.handle(method, parts.path, form, headers)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")
