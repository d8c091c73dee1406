"""`facturo outbox send | list | retry` against the test database and a loopback SMTP server."""

from __future__ import annotations

from typer.testing import CliRunner

from core.cli.main import build_cli
from core.mail.models import OutboxMessage, OutboxStatus
from core.mail.outbox import enqueue
from core.mail.settings import save_mail_settings


def run(facturo_settings, facturo_catalogue, *args):
    env = {"FACTURO_DATABASE_URL": facturo_settings.database_url,
           "FACTURO_DATABASE_OWNER_URL": facturo_settings.owner_database_url or "",
           "FACTURO_SECRET_KEY": "test-secret", "COLUMNS": "200"}
    return CliRunner().invoke(build_cli(facturo_catalogue), list(args), env=env)


def test_send_list_and_retry(facturo_app, facturo_settings, facturo_catalogue, tenant,
                             smtp_server):
    server = smtp_server()
    server.mailbox.refusals = ["550 5.1.1 Unknown user"]
    with facturo_app.tenant_context(tenant.id) as ctx:
        save_mail_settings(ctx.session, host=server.host, port=server.port, security="none",
                           from_address="facturen@janssens.example")
        message_id = enqueue(ctx, to=["k@example.be"], subject="Factuur 7", body_text="B").id

    failed = run(facturo_settings, facturo_catalogue, "outbox", "send")
    assert failed.exit_code == 1, failed.output
    assert "0 sent, 0 to retry, 1 failed" in failed.output and "550 5.1.1" in failed.output

    listed = run(facturo_settings, facturo_catalogue, "outbox", "list", "--status", "failed")
    assert listed.exit_code == 0, listed.output
    assert "Factuur 7" in listed.output and tenant.slug in listed.output

    retried = run(facturo_settings, facturo_catalogue, "outbox", "retry", tenant.slug,
                  str(message_id))
    assert retried.exit_code == 0, retried.output
    again = run(facturo_settings, facturo_catalogue, "outbox", "retry", tenant.slug,
                str(message_id))
    assert again.exit_code == 1 and "no failed message" in again.output

    sent = run(facturo_settings, facturo_catalogue, "outbox", "send")
    assert sent.exit_code == 0, sent.output
    assert "1 sent" in sent.output
    assert [r.message["Subject"] for r in server.mailbox.messages] == ["Factuur 7"]
    with facturo_app.db.session(tenant.id) as session:
        assert session.get(OutboxMessage, message_id).status == OutboxStatus.SENT
