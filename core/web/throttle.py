"""Login throttling: after a number of failed attempts, wait.

Three counters, each over a sliding window: one account from one address (a person who
mistypes), one account from anywhere (guessing from many addresses) and one address over any
accounts (one password sprayed over many accounts). The address is the client's real one:
the peer, or what a configured proxy forwarded (`FACTURO_TRUSTED_PROXIES`), never a header
an arbitrary client wrote.

Counted in memory, per process: with several workers an attacker gets the limit once per
worker, which still turns a password guess into hours of work.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


class LoginThrottle:
    """Counts failures per (e-mail, client address) within a sliding window."""

    def __init__(
        self,
        max_failures: int = 5,
        window: float = 15 * 60,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(email: str, address: str) -> tuple[str, str]:
        """The counter an attempt belongs to."""
        return email.strip().lower(), address

    def wait_seconds(self, key: tuple[str, str]) -> int:
        """How long the key must wait before trying again; 0 when it may try now."""
        with self._lock:
            failures = self._recent(key)
            if len(failures) < self.max_failures:
                return 0
            return max(1, int(failures[0] + self.window - self.clock()) + 1)

    def failed(self, key: tuple[str, str]) -> None:
        """Record a failed attempt."""
        with self._lock:
            if len(self._failures) >= self.max_keys:
                self._prune()
            self._failures.setdefault(key, deque()).append(self.clock())
            failures = self._failures[key]
            while len(failures) > self.max_failures:
                failures.popleft()

    def succeeded(self, key: tuple[str, str]) -> None:
        """Forget the failures of a key after a successful login."""
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures.get(key)
        if failures is None:
            return deque()
        limit = self.clock() - self.window
        while failures and failures[0] <= limit:
            failures.popleft()
        if not failures:
            del self._failures[key]
        return failures

    def _prune(self) -> None:
        for key in list(self._failures):
            self._recent(key)


@dataclass
class LoginLimits:
    """The three counters of login (or password-link) attempts, checked together."""

    pair: LoginThrottle = field(default_factory=lambda: LoginThrottle(max_failures=5))
    account: LoginThrottle = field(default_factory=lambda: LoginThrottle(max_failures=10))
    address: LoginThrottle = field(default_factory=lambda: LoginThrottle(max_failures=20))

    def _keys(self, email: str, address: str) -> tuple[tuple[LoginThrottle, tuple[str, str]],
                                                        ...]:
        pair = LoginThrottle.key(email, address)
        return ((self.pair, pair), (self.account, (pair[0], "*")),
                (self.address, ("*", address)))

    def wait_seconds(self, email: str, address: str) -> int:
        """How long an attempt for this e-mail from this address must wait; 0: go ahead."""
        return max(throttle.wait_seconds(key) for throttle, key in self._keys(email, address))

    def failed(self, email: str, address: str) -> None:
        """Count a failed attempt on every counter."""
        for throttle, key in self._keys(email, address):
            throttle.failed(key)

    def succeeded(self, email: str, address: str) -> None:
        """Forget the account's failures; the address keeps its count (no reset by logging
        into an account of one's own)."""
        for throttle, key in self._keys(email, address)[:2]:
            throttle.succeeded(key)
