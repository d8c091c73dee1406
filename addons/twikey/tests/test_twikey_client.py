"""The httpx client against the local server that speaks Twikey's documented contract."""

from decimal import Decimal

import pytest

from addons.twikey.client import TwikeyClient, TwikeyError, TwikeyUnavailable
from addons.twikey.tests.twikey_server import TwikeyServer


def signed_mandate(twikey: TwikeyServer, client: TwikeyClient) -> str:
    mndt_id = client.invite("1", {"lastname": "Claes", "email": "an@claes.test"})["mndtId"]
    twikey.sign(mndt_id)
    return mndt_id


def test_it_logs_in_once_and_sends_the_token_as_it_is(twikey, client):
    client.invite("1", {"lastname": "Claes"})
    client.invite("2", {"companyName": "Claes BV"})
    logins = twikey.calls_to("POST", "/creditor")
    assert len(logins) == 1
    assert logins[0].form == {"apiToken": "test-api-key"}
    invites = twikey.calls_to("POST", "/creditor/invite")
    assert invites[0].headers["authorization"].startswith("token-")
    assert invites[0].headers["content-type"] == "application/x-www-form-urlencoded"
    assert invites[1].form == {"ct": "2", "companyName": "Claes BV"}


def test_an_expired_token_logs_in_again(twikey):
    with TwikeyClient("test-api-key", twikey.url + "/") as client:
        client.invite("1", {"lastname": "Claes"})
        twikey.expire_tokens()
        assert client.invite("1", {"lastname": "Claes"})["mndtId"] == "MNDT00002"
    assert len(twikey.calls_to("POST", "/creditor")) == 2
    assert len(twikey.calls_to("POST", "/creditor/invite")) == 3


def test_a_refused_call_comes_with_twikeys_code_and_message(twikey, client):
    with pytest.raises(TwikeyError) as refused:
        client.invite("99", {"lastname": "Claes"})
    assert refused.value.code == "err_invalid_template"
    assert refused.value.message == "No such template"
    assert refused.value.extra == "99"
    assert refused.value.status == 400


def test_a_wrong_api_key_is_refused(twikey):
    with TwikeyClient("wrong", twikey.url) as client, pytest.raises(TwikeyError) as refused:
        client.invite("1", {"lastname": "Claes"})
    assert refused.value.code == "err_invalid_apikey"


def test_429_down_and_slow_are_worth_another_try(twikey, client):
    twikey.refuse_next(1, 429, {"Retry-After": "7"})
    with pytest.raises(TwikeyUnavailable) as limited:
        client.invite("1", {"lastname": "Claes"})
    assert limited.value.retry_after == 7
    twikey.refuse_next(1, 503)
    with pytest.raises(TwikeyUnavailable) as down:
        client.invite("1", {"lastname": "Claes"})
    assert down.value.retry_after is None
    twikey.state.delay = 0.5
    with (TwikeyClient("test-api-key", twikey.url, timeout=0.2) as impatient,
          pytest.raises(TwikeyUnavailable, match="in time")):
        impatient.invite("1", {"lastname": "Claes"})
    twikey.state.delay = 0
    assert client.invite("1", {"lastname": "Claes"})["mndtId"]
    twikey.stop()
    with pytest.raises(TwikeyUnavailable, match="cannot be reached"):
        client.invite("1", {"lastname": "Claes"})


def test_the_same_idempotency_key_never_collects_twice(twikey, client):
    mndt_id = signed_mandate(twikey, client)
    first = client.new_transaction(mndt_id, "+++090/9337/55493+++", Decimal("121.00"),
                                   "2026-0001", "key-1")
    again = client.new_transaction(mndt_id, "+++090/9337/55493+++", Decimal("121.00"),
                                   "2026-0001", "key-1")
    assert first == again
    assert first["amount"] == Decimal("121.0") and first["state"] == "OPEN"
    assert len(twikey.state.transactions) == 1
    sent = twikey.calls_to("POST", "/creditor/transaction")[0]
    assert sent.headers["idempotency-key"] == "key-1"
    assert sent.form == {"mndtId": mndt_id, "message": "+++090/9337/55493+++",
                         "amount": "121.00", "ref": "2026-0001"}


def test_a_collection_on_an_unsigned_mandate_is_refused(twikey, client):
    mndt_id = client.invite("1", {"lastname": "Claes"})["mndtId"]
    with pytest.raises(TwikeyError) as refused:
        client.new_transaction(mndt_id, "x", Decimal("1"), "r", "key-2")
    assert refused.value.code == "err_no_contract"


def test_the_transaction_feed_is_read_until_empty(twikey, client):
    mndt_id = signed_mandate(twikey, client)
    for number in range(5):
        client.new_transaction(mndt_id, f"m{number}", Decimal("10.10"), f"R{number}", f"k{number}")
        twikey.settle(f"R{number}", "PAID")
    pages = list(client.transaction_feed())
    assert [len(page.entries) for page in pages] == [2, 2, 1]
    assert [page.last for page in pages] == ["2", "4", "5"]
    assert pages[0].entries[0]["bkamount"] == Decimal("10.1")
    assert list(client.transaction_feed()) == []
    again = list(client.transaction_feed("3"))
    assert [e["ref"] for page in again for e in page.entries] == ["R3", "R4"]


def test_the_mandate_feed_resumes_after_a_position(twikey, client):
    first = signed_mandate(twikey, client)
    second = signed_mandate(twikey, client)
    twikey.cancel(first, "MD01")
    page = client.mandate_feed()
    assert [m.get("Mndt", {}).get("MndtId") or m["OrgnlMndtId"] for m in page.entries] == [
        first, second, first]
    assert page.last == "3"
    assert client.mandate_feed("3").entries == []
    assert client.mandate_feed("2").entries[0]["CxlRsn"] == {"Rsn": "MD01"}


def test_the_credit_transfer_feed_is_read_until_empty_and_resumes(twikey, client):
    for number in range(3):
        client.refund(f"C{number}", "BE68539007547034", f"CN{number}", Decimal("12.10"),
                      f"CN{number}", f"refund-{number}")
    twikey.settle_refund("CN0", "PAID")
    twikey.settle_refund("CN1", "ERROR", "AC04 account closed")
    twikey.settle_refund("CN2", "PAID")
    pages = list(client.transfer_feed())
    assert [len(page.entries) for page in pages] == [2, 1]
    assert [page.last for page in pages] == ["2", "3"]
    first, second = pages[0].entries
    assert (first["ref"], first["state"], first["amount"]) == ("CN0", "PAID", Decimal("12.1"))
    assert first["id"] == next(iter(twikey.state.transfers)) and first["bkdate"]
    assert (second["state"], second["bkerror"]) == ("ERROR", "AC04 account closed")
    assert list(client.transfer_feed()) == []
    assert [e["ref"] for page in client.transfer_feed("1") for e in page.entries] == [
        "CN1", "CN2"]
    calls = twikey.calls_to("GET", "/creditor/transfer")
    resumed = [c.headers.get("x-resume-after") for c in calls]
    assert resumed[-2:] == ["1", "3"]


def test_a_refused_credit_transfer_feed_comes_with_twikeys_code(twikey, client):
    twikey.state.transfer_access = False
    with pytest.raises(TwikeyError) as refused:
        list(client.transfer_feed())
    assert (refused.value.code, refused.value.status) == ("err_no_access", 400)
    assert refused.value.message == "This API key may not read credit transfers"
    twikey.state.transfer_access = True
    with pytest.raises(TwikeyError) as wrong:
        list(client.transfer_feed("yesterday"))
    assert (wrong.value.code, wrong.value.extra) == ("err_invalid_params", "yesterday")
