"""Fixtures of the output and e-mail tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from aiosmtpd.controller import Controller
from output_support import Mailbox, SmtpServer, free_port

from core.i18n import use_language


@pytest.fixture
def smtp_server() -> Iterator[Callable[[], SmtpServer]]:
    """`smtp_server()` starts an SMTP server on loopback; all are stopped after the test."""
    controllers: list[Controller] = []

    def start() -> SmtpServer:
        mailbox = Mailbox()
        controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
        return SmtpServer("127.0.0.1", controller.port, mailbox)

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Error messages in English, whatever the catalogs hold; documents keep their language."""
    with use_language("en"):
        yield
