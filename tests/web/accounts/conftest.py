"""Fixtures of the account security tests: an SMTP server on loopback, the platform's own
sender, and applications built with chosen settings."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from account_support import Mailbox, free_port
from aiosmtpd.controller import Controller

from core.app import Facturo
from core.config import PlatformMail


@pytest.fixture
def smtp() -> Iterator[Callable[[], tuple[Mailbox, int]]]:
    """`smtp()` starts an SMTP server on loopback: its mailbox and port."""
    controllers: list[Controller] = []

    def start() -> tuple[Mailbox, int]:
        mailbox = Mailbox()
        controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
        return mailbox, controller.port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def platform(smtp: Callable[[], tuple[Mailbox, int]]) -> tuple[Mailbox, PlatformMail]:
    """The deployment's own mail server and its settings."""
    mailbox, port = smtp()
    return mailbox, PlatformMail(host="127.0.0.1", port=port,
                                 from_address="noreply@facturo.test")


@pytest.fixture
def make_app(facturo_settings, facturo_catalogue, facturo_registry,
             platform) -> Iterator[Callable[..., Facturo]]:
    """`make_app(**settings)`: the deployment with the platform sender and other settings."""
    apps: list[Facturo] = []

    def make(**overrides: Any) -> Facturo:
        settings = dataclasses.replace(facturo_settings, platform_mail=platform[1], **overrides)
        app = Facturo(settings, catalogue=facturo_catalogue, registry=facturo_registry)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.db.dispose()
