"""Twikey's webhook signature: an uppercase hex HMAC-SHA256 of the query string.

Twikey calls the webhook with a GET and a query string; its `X-Signature` header is the
HMAC-SHA256, keyed with the API key, of that query string URL-decoded.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import unquote


def sign(api_key: str, query_string: str) -> str:
    """The signature Twikey sends for `query_string` (as it appears in the URL)."""
    message = unquote(query_string).encode()
    return hmac.new(api_key.encode(), message, hashlib.sha256).hexdigest().upper()


def verify(api_key: str, query_string: str, signature: str | None) -> bool:
    """Whether `signature` is the one of `query_string`, compared in constant time."""
    if not api_key or not signature:
        return False
    return hmac.compare_digest(sign(api_key, query_string).encode(),
                               signature.strip().encode())
