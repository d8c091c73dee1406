"""Child process of the crash test: posts invoices in a loop until it is killed.

Usage: python crash_poster.py TENANT_ID CUSTOMER_ID (database from FACTURO_DATABASE_URL).
It prints `ready` once its first invoice is posted and stored, so that the kill lands in the
loop, not in the start-up.
"""

from __future__ import annotations

import sys

from core.app import Facturo
from core.documents.batch import NewDocument, create_and_post_many
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document
from core.output.stored import store_posted_pdf


def lines(n: int) -> list[LineData]:
    """Two lines whose amounts depend on the round, so every invoice differs."""
    return [
        LineData(description=f"Bakstenen {n}", quantity=n % 7 + 1, unit_price="12.40",
                 vat_rate=21),
        LineData(description="Levering", quantity=1, unit_price="35.00", vat_rate=21),
    ]


def main(tenant_id: int, customer_id: int) -> None:
    """Post one invoice, or a batch of three, store their PDFs; again, forever."""
    app = Facturo()
    n = 0
    while True:
        n += 1
        with app.tenant_context(tenant_id, write=True) as ctx:
            if n % 3:
                posted = [post_document(ctx, create_document(
                    ctx, "invoice", customer_id, lines=lines(n)))]
            else:
                posted = create_and_post_many(ctx, "invoice", [
                    NewDocument(customer_id, lines(n + i)) for i in range(3)])
            ids = [doc.id for doc in posted]
        for document_id in ids:
            store_posted_pdf(app, tenant_id, document_id)
        if n == 1:
            print("ready", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
