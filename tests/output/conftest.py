"""Fixtures of the output and e-mail tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from aiosmtpd.controller import Controller
from output_support import Mailbox, SmtpServer, free_port


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
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""
