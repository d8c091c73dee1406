"""Writing documents with SQLAlchemy Core statements while keeping the ORM objects in step.

Creating and posting are the hot paths (an import, a batch run, a busy shop): they insert and
update with prepared Core statements and then hand the caller ORM objects that are already
persistent, so no extra query or flush follows. Every statement names the tenant; on
PostgreSQL row-level security checks it again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from core.contacts.models import Contact
from core.db.base import utcnow
from core.documents.build import assign
from core.documents.lines import renumber
from core.documents.models import Document, DocumentLine, DocumentState

if TYPE_CHECKING:
    from core.context import Context

DOCUMENTS = Document.__table__
LINES = DocumentLine.__table__
CONTACTS = Contact.__table__

DOCUMENT_FIELDS = tuple(c.key for c in DOCUMENTS.columns if c.key != "id")
LINE_FIELDS = tuple(c.key for c in LINES.columns if c.key != "id")
CONTACT_FIELDS = (
    "id", "name", "vat_number", "language", "payment_term_days", "vat_regime", "street",
    "postal_code", "city", "country", "email", "general_discount", "financial_discount",
)

_INSERT_DOCUMENT = insert(DOCUMENTS).returning(DOCUMENTS.c.id)
# one multi-row statement; the positions (1..n, unique in a document) pair ids with lines
_INSERT_LINES = insert(LINES).returning(LINES.c.id, LINES.c.position)
_INSERT_DOCUMENTS = insert(DOCUMENTS).returning(DOCUMENTS.c.id, sort_by_parameter_order=True)
_INSERT_BATCH_LINES = insert(LINES).returning(LINES.c.id, LINES.c.document_id, LINES.c.position)
_FIND_CONTACT = select(*(CONTACTS.c[name] for name in CONTACT_FIELDS)).where(
    CONTACTS.c.tenant_id == bindparam("t_id"), CONTACTS.c.id == bindparam("c_id")
)
_LAST_DATE_AND_REF = select(
    select(DOCUMENTS.c.issue_date)
    .where(
        DOCUMENTS.c.tenant_id == bindparam("t_id"),
        DOCUMENTS.c.kind == bindparam("kind"),
        DOCUMENTS.c.state != DocumentState.DRAFT,
    )
    .order_by(DOCUMENTS.c.issue_date.desc())
    .limit(1)
    .scalar_subquery(),
    select(DOCUMENTS.c.id)
    .where(
        DOCUMENTS.c.tenant_id == bindparam("t_id"),
        DOCUMENTS.c.structured_ref == bindparam("ref"),
    )
    .limit(1)
    .scalar_subquery(),
)
_REF_TAKEN = (
    select(DOCUMENTS.c.id)
    .where(
        DOCUMENTS.c.tenant_id == bindparam("t_id"),
        DOCUMENTS.c.structured_ref == bindparam("ref"),
    )
    .limit(1)
)
_REFS_TAKEN = select(DOCUMENTS.c.structured_ref).where(
    DOCUMENTS.c.tenant_id == bindparam("t_id"),
    DOCUMENTS.c.structured_ref.in_(bindparam("refs", expanding=True)),
)
POSTED_FIELDS = (
    "number", "state", "structured_ref", "due_date", "party", "posted_at", "total_excl_vat",
    "total_vat", "total_incl_vat", "updated_at",
)
_POST = (
    update(DOCUMENTS)
    .where(
        DOCUMENTS.c.tenant_id == bindparam("t_id"),
        DOCUMENTS.c.id == bindparam("doc_id"),
        DOCUMENTS.c.state == DocumentState.DRAFT,
    )
    .values({name: bindparam(f"v_{name}") for name in POSTED_FIELDS})
)


_CONTACTS_READ = "facturo.documents.contacts"


def contact_row(ctx: Context, customer: Contact | int) -> Mapping[str, Any] | None:
    """The fields documents use of a tenant's contact, or None when it does not exist.

    Read once per transaction and contact; any flush of the session forgets what was read.
    """
    if isinstance(customer, Contact):
        return {name: getattr(customer, name) for name in CONTACT_FIELDS}
    session = ctx.session
    session.flush()
    transaction = session.get_transaction()
    cache = session.info.get(_CONTACTS_READ)
    if cache is None or cache[0] is not transaction:
        cache = (transaction, {})
        session.info[_CONTACTS_READ] = cache
    found = cache[1].get(customer)
    if found is None:
        row = (
            session.connection()
            .execute(_FIND_CONTACT, {"t_id": ctx.tenant_id, "c_id": customer})
            .mappings()
            .first()
        )
        if row is None:
            return None
        found = cache[1][customer] = dict(row)
    return found


@event.listens_for(Session, "after_flush")
def _forget_contacts(session: Session, _context: Any) -> None:
    session.info.pop(_CONTACTS_READ, None)


def _values(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The fields of a transient instance; read from its state when it holds them all."""
    held = instance.__dict__
    try:
        return {name: held[name] for name in fields}
    except KeyError:
        return {name: getattr(instance, name) for name in fields}


def _row(doc: Document, now: Any) -> dict[str, Any]:
    assign(doc, {"created_at": now, "updated_at": now})
    return _values(doc, DOCUMENT_FIELDS)


def _line_rows(doc: Document) -> list[dict[str, Any]]:
    renumber(doc)  # positions 1..n pair the returned ids with the lines
    rows = []
    for line in doc.lines:
        assign(line, {"document_id": doc.id})
        rows.append(_values(line, LINE_FIELDS))
    return rows


def _attach(ctx: Context, doc: Document) -> None:
    for line in doc.lines:
        make_transient_to_detached(line)
    make_transient_to_detached(doc)
    for name in ("lines", "allowances"):  # a new document's empty collections need no read
        if name not in doc.__dict__:
            set_committed_value(doc, name, [])
    ctx.session.add(doc)


def insert_document(ctx: Context, doc: Document) -> Document:
    """Insert a new (transient) document and its lines; the document becomes persistent."""
    conn = ctx.session.connection()
    assign(doc, {"id": conn.execute(_INSERT_DOCUMENT, _row(doc, utcnow())).scalar_one()})
    if doc.lines:
        ids = dict(
            (position, line_id)
            for line_id, position in conn.execute(_INSERT_LINES, _line_rows(doc))
        )
        for line in doc.lines:
            assign(line, {"id": ids[line.position]})
    _attach(ctx, doc)
    return doc


def insert_documents(ctx: Context, docs: Sequence[Document]) -> None:
    """Insert new (transient) documents and all their lines, the documents as one executemany
    (ids paired with them by SQLAlchemy: in one statement on PostgreSQL, a row at a time on
    SQLite) and every line in one multi-row statement; the documents become persistent."""
    if not docs:
        return
    conn = ctx.session.connection()
    now = utcnow()
    ids = conn.execute(_INSERT_DOCUMENTS, [_row(doc, now) for doc in docs]).scalars().all()
    rows = []
    for doc, doc_id in zip(docs, ids, strict=True):
        assign(doc, {"id": doc_id})
        rows.extend(_line_rows(doc))
    if rows:
        found = {
            (document_id, position): line_id
            for line_id, document_id, position in conn.execute(_INSERT_BATCH_LINES, rows)
        }
        for doc in docs:
            for line in doc.lines:
                assign(line, {"id": found[doc.id, line.position]})
    for doc in docs:
        _attach(ctx, doc)


def last_date_and_ref_owner(
    ctx: Context, doc: Document, ref: str
) -> tuple[Any, int | None]:
    """The latest issue date among the kind's posted documents, and who uses `ref` already."""
    row = ctx.session.connection().execute(
        _LAST_DATE_AND_REF,
        {"t_id": ctx.tenant_id, "kind": doc.kind, "ref": ref},
    ).one()
    last = row[0]
    if isinstance(last, str):  # SQLite may return MAX() of a date column as text
        last = date.fromisoformat(last)
    return last, row[1]


def ref_taken(ctx: Context, ref: str) -> bool:
    """Whether a structured communication is in use in the tenant."""
    params = {"t_id": ctx.tenant_id, "ref": ref}
    return ctx.session.connection().execute(_REF_TAKEN, params).first() is not None


def refs_taken(ctx: Context, refs: Sequence[str]) -> set[str]:
    """Which of these structured communications are in use in the tenant."""
    if not refs:
        return set()
    params = {"t_id": ctx.tenant_id, "refs": list(refs)}
    return set(ctx.session.connection().execute(_REFS_TAKEN, params).scalars())


def mark_posted(ctx: Context, doc: Document, values: Mapping[str, Any]) -> bool:
    """Write the posting fields of a draft; False when it was no longer a draft."""
    params = {f"v_{name}": values[name] for name in POSTED_FIELDS}
    params.update({"t_id": ctx.tenant_id, "doc_id": doc.id})
    done = ctx.session.connection().execute(_POST, params).rowcount == 1
    if done:
        for name in POSTED_FIELDS:
            set_committed_value(doc, name, values[name])
    return done


def mark_posted_many(
    ctx: Context, docs: Sequence[Document], values: Sequence[Mapping[str, Any]]
) -> bool:
    """Write the posting fields of drafts in one statement; False when one was no longer a
    draft (the caller rolls back)."""
    params = []
    for doc, fields in zip(docs, values, strict=True):
        row = {f"v_{name}": fields[name] for name in POSTED_FIELDS}
        row.update({"t_id": ctx.tenant_id, "doc_id": doc.id})
        params.append(row)
    if ctx.session.connection().execute(_POST, params).rowcount != len(docs):
        return False
    for doc, fields in zip(docs, values, strict=True):
        for name in POSTED_FIELDS:
            set_committed_value(doc, name, fields[name])
    return True
