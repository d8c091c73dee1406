"""The client against the local MailChimp server: calls, keys, and every kind of error."""

from __future__ import annotations

import hashlib
import json

import pytest

from addons.mailchimp.client import (
    BadApiKey,
    ComplianceState,
    MailChimpClient,
    MailChimpError,
    RateLimited,
    Unavailable,
    base_url,
    data_centre,
    subscriber_hash,
)
from addons.mailchimp.tests.conftest import API_KEY, AUDIENCE
from addons.mailchimp.tests.server import Member


def body(email: str, **extra: object) -> dict[str, object]:
    return {"email_address": email, "status_if_new": "subscribed", **extra}


def test_the_data_centre_is_the_suffix_of_the_key(monkeypatch):
    monkeypatch.delenv("FACTURO_MAILCHIMP_URL", raising=False)
    assert data_centre("abc-us21") == "us21"
    assert base_url(" abc-us6 ") == "https://us6.api.mailchimp.com/3.0"
    for bad in ("abc", "abc-", "-us21", "abc-21", "abc-us21/../x"):
        with pytest.raises(BadApiKey):
            data_centre(bad)


def test_the_subscriber_hash_is_the_md5_of_the_lowercased_address():
    assert subscriber_hash(" Jan@Peeters.BE ") == hashlib.md5(b"jan@peeters.be").hexdigest()


def test_audiences_are_listed_from_the_account(mailchimp):
    with MailChimpClient(API_KEY) as client:
        found = client.audiences()
    assert [(a["id"], a["name"]) for a in found] == [("a1b2c3", "Klanten"),
                                                     ("d4e5f6", "Nieuwsbrief")]


def test_a_wrong_key_or_data_centre_is_refused(mailchimp):
    with MailChimpClient("ffff-us21") as client, pytest.raises(MailChimpError) as refused:
        client.audiences()
    assert (refused.value.status, refused.value.title) == (401, "API Key Invalid")
    with MailChimpClient(API_KEY[:-4] + "us99") as client, pytest.raises(MailChimpError):
        client.audiences()


def test_upsert_then_archive(mailchimp):
    key = subscriber_hash("jan@peeters.be")
    with MailChimpClient(API_KEY) as client:
        reply = client.upsert_member(AUDIENCE, key, body("jan@peeters.be",
                                                         merge_fields={"FNAME": "Jan"}))
        assert reply["status"] == "subscribed"
        client.set_tags(AUDIENCE, key, [{"name": "Horeca", "status": "active"}])
        assert client.archive_member(AUDIENCE, key) is True
        assert client.archive_member(AUDIENCE, key) is False  # nothing left to archive
    member = mailchimp.member(AUDIENCE, "jan@peeters.be")
    assert (member.archived, member.merge_fields, member.tags) == (True, {"FNAME": "Jan"},
                                                                   {"Horeca"})


def test_the_unsubscribed_are_a_compliance_state(mailchimp):
    mailchimp.members[AUDIENCE][subscriber_hash("an@x.be")] = Member("an@x.be", "unsubscribed")
    with MailChimpClient(API_KEY) as client, pytest.raises(ComplianceState) as refused:
        client.upsert_member(AUDIENCE, subscriber_hash("an@x.be"),
                             body("an@x.be", status="subscribed"))
    assert refused.value.title == "Member In Compliance State"
    assert "cannot be subscribed" in refused.value.detail


def test_429_carries_retry_after_and_5xx_timeouts_and_refusals_are_unavailable(mailchimp):
    with MailChimpClient(API_KEY, timeout=0.3) as client:
        mailchimp.fail_next(429, **{"Retry-After": "7"})
        with pytest.raises(RateLimited) as limited:
            client.audiences()
        assert limited.value.retry_after == 7.0
        mailchimp.down_for(30)
        with pytest.raises(Unavailable) as down:
            client.audiences()
        assert down.value.status == 503
        mailchimp.down_until = 0
        mailchimp.delay = 1.0
        with pytest.raises(Unavailable) as slow:
            client.audiences()
        assert slow.value.title == "Timeout"
    with MailChimpClient(API_KEY, timeout=0.3) as client:
        client.http.base_url = "http://127.0.0.1:9/us21/3.0"  # nothing listens there
        with pytest.raises(Unavailable) as closed:
            client.audiences()
        assert closed.value.title == "Unreachable"


def test_more_than_ten_connections_get_429(mailchimp):
    import threading

    mailchimp.delay = 0.3
    answers: list[str] = []

    def one() -> None:
        with MailChimpClient(API_KEY) as client:
            try:
                client.audiences()
                answers.append("ok")
            except RateLimited:
                answers.append("429")

    threads = [threading.Thread(target=one) for _ in range(14)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count("429") >= 1 and answers.count("ok") >= 10


def test_a_batch_is_polled_and_its_results_read_from_the_archive(mailchimp):
    mailchimp.batch_polls_to_finish = 2
    ops = [{"method": "PUT", "path": f"/lists/{AUDIENCE}/members/{subscriber_hash(e)}",
            "operation_id": f"m:{n}", "body": json.dumps(body(e))}
           for n, e in enumerate(["a@x.be", "b@x.be", "not an address"])]
    with MailChimpClient(API_KEY) as client:
        started = client.start_batch(ops)
        assert client.batch(started["id"])["status"] == "started"
        finished = client.batch(started["id"])
        assert (finished["status"], finished["errored_operations"]) == ("finished", 1)
        results = {r["operation_id"]: r for r in client.batch_results(
            finished["response_body_url"])}
    assert results["m:0"]["status_code"] == 200
    assert json.loads(results["m:2"]["response"])["title"] == "Invalid Resource"
