"""Helpers of the Twikey flow tests: a signed mandate, running the outbox, posting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from addons.twikey.connection import client_for
from addons.twikey.mandates import (
    active_mandate,
    invitation_fields,
    read_mandate_feed,
    record_invitation,
    template_for,
)
from addons.twikey.models import TwikeyCollection
from addons.twikey.queue import read_after_commit
from addons.twikey.tests.twikey_server import TwikeyServer
from core.api import (
    create_credit_note,
    create_document,
    customer_record,
    document_record,
    get_contact,
    post_document,
)
from core.outbox.runner import OutboxReport, run_jobs


def signed_mandate(app: Any, tenant: Any, twikey: TwikeyServer, customer_id: int) -> str:
    """Invite the customer through the API, sign on the server, read the mandate feed."""
    with app.tenant_context(tenant.id) as ctx:
        customer = customer_record(get_contact(ctx, customer_id))
        template = template_for(ctx, customer)
        with client_for(ctx) as client:
            answer = client.invite(template, invitation_fields(ctx, customer))
            record_invitation(ctx, customer_id, template, answer)
    twikey.sign(answer["mndtId"])
    with app.tenant_context(tenant.id) as ctx, client_for(ctx) as client:
        read_mandate_feed(ctx, client)
        assert active_mandate(ctx, customer_id) is not None
    return str(answer["mndtId"])


def run_outbox(app: Any, later: float = 0) -> OutboxReport:
    """Run the due outbox jobs once, `later` seconds from now."""
    return run_jobs(app, limit=50, worker_id="test",
                    now=datetime.now(UTC) + timedelta(seconds=later))


def post(app: Any, tenant: Any, customer_id: int, price: str = "100") -> Any:
    """Post an invoice of one line at 21 %; its record."""
    with app.tenant_context(tenant.id) as ctx:
        draft = create_document(ctx, "invoice", customer_id, lines=[
            {"description": "Onderhoud", "quantity": 1, "unit_price": price, "vat_rate": 21}])
        return document_record(post_document(ctx, draft))


def collections(app: Any, tenant: Any) -> list[TwikeyCollection]:
    """Every collection and refund of the tenant, detached."""
    with app.tenant_context(tenant.id) as ctx:
        rows = list(ctx.session.scalars(select(TwikeyCollection).order_by(TwikeyCollection.id)))
        ctx.session.expunge_all()
        return rows


def paid_by_twikey(app: Any, tenant: Any, twikey: TwikeyServer, customer_id: int) -> Any:
    """An invoice of the customer collected automatically and paid (its record)."""
    app.addon_manager.configure(tenant.id, "twikey", {"collect_automatically": "yes"})
    signed_mandate(app, tenant, twikey, customer_id)
    invoice = post(app, tenant, customer_id)
    run_outbox(app)
    twikey.settle(invoice.number, "PAID")
    with app.tenant_context(tenant.id) as ctx:
        read_after_commit(ctx)
    run_outbox(app)
    return invoice


def credit(app: Any, tenant: Any, invoice_id: int) -> tuple[int, str]:
    """A posted credit note of the whole invoice: its id and number."""
    with app.tenant_context(tenant.id) as ctx:
        note = post_document(ctx, create_credit_note(ctx, invoice_id))
        return note.id, note.number
