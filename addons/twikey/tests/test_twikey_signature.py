"""The webhook signature of Twikey: HMAC-SHA256 of the URL-decoded query string."""

from addons.twikey.signature import sign, verify

EXAMPLE = "55261CBC12BF62000DE1371412EF78C874DBC46F513B078FB9FF8643B2FD4FC2"


def test_the_documented_example_signs_as_twikey_does():
    assert sign("1234", "abc=123&name=abc") == EXAMPLE
    assert verify("1234", "abc=123&name=abc", EXAMPLE)


def test_the_query_string_is_url_decoded_before_signing():
    assert sign("1234", "abc%3D123%26name%3Dabc") == EXAMPLE


def test_a_wrong_missing_or_other_key_signature_is_refused():
    assert not verify("1234", "abc=123&name=abd", EXAMPLE)
    assert not verify("1234", "abc=123&name=abc", None)
    assert not verify("1234", "abc=123&name=abc", "")
    assert not verify("12345", "abc=123&name=abc", EXAMPLE)
    assert not verify("", "abc=123&name=abc", sign("", "abc=123&name=abc"))
