"""VIES look-ups against a local HTTP server speaking the REST contract of the EU service."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.contacts.vies import ViesClient, fill_from_vies, split_address


class ViesHandler(BaseHTTPRequestHandler):
    """Answers `POST /check-vat-number` according to `server.mode`."""

    def log_message(self, *_args) -> None:  # keep the test output clean
        pass

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, request))
        if self.path != "/rest-api/check-vat-number":
            self._send(404, {"error": "not found"})
            return
        mode = self.server.mode
        if mode == "down":
            self._send(503, b"<html>Service Unavailable</html>")
        elif mode == "ms_unavailable":
            self._send(200, {"actionSucceed": False,
                             "errorWrappers": [{"error": "MS_UNAVAILABLE", "message": "..."}]})
        elif mode == "busy":
            self._send(200, {"countryCode": request["countryCode"], "valid": False,
                             "userError": "MS_MAX_CONCURRENT_REQ"})
        elif request["vatNumber"] == "0403170701":
            self._send(200, {
                "countryCode": "BE", "vatNumber": "0403170701", "requestDate": "2026-05-01",
                "valid": True, "requestIdentifier": "", "userError": "VALID",
                "name": "NV BROUWERIJ VAN HET DORP",
                "address": "Stationsstraat 12\n9000 Gent",
            })
        else:
            self._send(200, {"countryCode": request["countryCode"],
                             "vatNumber": request["vatNumber"], "valid": False,
                             "userError": "INVALID", "name": "---", "address": "---"})


@pytest.fixture
def vies_server(monkeypatch) -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ViesHandler)
    server.mode = "ok"
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    monkeypatch.setenv("FACTURO_VIES_URL", f"http://127.0.0.1:{server.server_port}/rest-api")
    yield server
    server.shutdown()
    server.server_close()


def test_vies_fills_name_and_address_and_keeps_the_rest(work, vies_server):
    typed = {"vat_number": "be 0403.170.701", "email": "info@dorp.be", "phone": "09 123 45 67",
             "name": "Brouwerij"}
    with work() as ctx:
        filled = fill_from_vies(ctx, typed)
    assert vies_server.requests == [
        ("/rest-api/check-vat-number", {"countryCode": "BE", "vatNumber": "0403170701"})]
    assert filled.result.valid and filled.result.answered
    assert filled.data == {**typed, "vat_number": "BE0403170701",
                           "name": "NV BROUWERIJ VAN HET DORP", "street": "Stationsstraat 12",
                           "postal_code": "9000", "city": "Gent", "country": "BE",
                           "is_company": True}
    assert set(filled.filled) == {"name", "street", "postal_code", "city", "country"}
    assert filled.replaced == {"name": "Brouwerij"}


def test_an_unknown_number_is_said_plainly(work, vies_server):
    with work() as ctx:
        filled = fill_from_vies(ctx, {"vat_number": "BE0123456749", "name": "Typed"})
    assert filled.result.answered and filled.result.valid is False
    assert "BE0123456749" in filled.result.message
    assert filled.data == {"vat_number": "BE0123456749", "name": "Typed"}


def test_a_malformed_number_is_refused_without_asking_vies(work, vies_server):
    with work() as ctx:
        filled = fill_from_vies(ctx, {"vat_number": "BE0403170702", "name": "Typed"})
    assert vies_server.requests == []
    assert "check digits" in filled.result.message
    assert filled.data == {"vat_number": "BE0403170702", "name": "Typed"}


@pytest.mark.parametrize(("mode", "code", "words"), [
    ("down", "SERVICE_UNAVAILABLE", "cannot be reached"),
    ("ms_unavailable", "MS_UNAVAILABLE", "does not answer"),
    ("busy", "MS_MAX_CONCURRENT_REQ", "busy"),
])
def test_a_failing_service_gives_a_message_and_loses_nothing(work, vies_server, mode, code,
                                                            words):
    vies_server.mode = mode
    typed = {"vat_number": "BE0403170701", "name": "Mijn typwerk", "city": "Gent"}
    with work() as ctx:
        filled = fill_from_vies(ctx, typed)
    assert not filled.result.answered
    assert filled.result.error_code == code
    assert words in filled.result.message
    assert filled.data == typed and filled.filled == ()


def test_connection_refused_is_a_message_too(work, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("FACTURO_VIES_URL", f"http://127.0.0.1:{port}/rest-api")
    with work() as ctx:
        filled = fill_from_vies(ctx, {"vat_number": "BE0403170701", "name": "Kept"})
    assert not filled.result.answered and "cannot be reached" in filled.result.message
    assert filled.data == {"vat_number": "BE0403170701", "name": "Kept"}
    assert ViesClient(timeout=2).check("BE0403170701").error_code == "SERVICE_UNAVAILABLE"


def test_vies_addresses_are_split():
    assert split_address("Rue de la Loi 16\n1000 Bruxelles") == (
        "Rue de la Loi 16", "1000", "Bruxelles")
    assert split_address("KERKSTRAAT 1 BUS 2\n8500  KORTRIJK\n") == (
        "KERKSTRAAT 1 BUS 2", "8500", "KORTRIJK")
    assert split_address("somewhere") == ("somewhere", "", "")
