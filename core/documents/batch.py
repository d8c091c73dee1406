"""Creating and posting many documents of one kind in one go (recurring invoicing, imports).

`create_and_post_many` does for every document what `create_document` followed by
`post_document` does, with the same hooks called per document (the line hooks,
`document_extra_lines`, `document_validate`, `document_posted`) and the same rules, but
writes the batch with a handful of statements: the products of the whole batch in one read,
the drafts in one executemany and all their lines in one insert, one block of numbers per
fiscal year, one update that posts them all. A batch is all or nothing: when a document is
refused nothing of the batch is kept and no number is used; `BatchRefused` says which
document (counting from 1) and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from core.addons.errors import HookError
from core.contacts.models import Contact
from core.documents import ogm, persist, posting
from core.documents.errors import DocumentError, DocumentLocked
from core.documents.kinds import DocumentKind, get_kind
from core.documents.lines import LineData
from core.documents.loaded import DOCUMENTS, PRODUCTS, announcing
from core.documents.models import Document
from core.documents.service import build_document
from core.i18n import N_, _
from core.numbering.service import number_block

if TYPE_CHECKING:
    from core.context import Context

MSG_REFUSED = N_("Document %(position)s of the batch: %(reason)s")
MSG_CHANGED = N_("A document of the batch was changed while it was being posted.")
_REFS_PER_QUERY = 500
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class NewDocument:
    """One document of a batch: its customer, its lines and header fields of `new_draft`
    (issue_date, language, vat_regime, payment_term_days, notes, ...)."""

    customer: Contact | int
    lines: Sequence[LineData | Mapping[str, Any]] = ()
    header: Mapping[str, Any] = field(default_factory=dict)


class BatchRefused(DocumentError):
    """A document of a batch was refused: nothing of the batch was kept, no number used.

    `position` counts from 1 in the order given, `error` is the document's own error
    (`ValidationFailed`, `DocumentError`, `HookError`) and `reasons` its sentences.
    """

    def __init__(self, position: int, error: Exception) -> None:
        super().__init__(_(MSG_REFUSED) % {"position": position, "reason": error})
        self.position = position
        self.error = error
        self.reasons: list[str] = list(getattr(error, "reasons", None) or [str(error)])


def _each(items: Iterable[T], action: Callable[[T], R]) -> list[R]:
    """`action` on every item in turn; a document's error becomes `BatchRefused`."""
    results = []
    for position, item in enumerate(items, start=1):
        try:
            results.append(action(item))
        except BatchRefused:
            raise
        except (DocumentError, HookError) as exc:
            raise BatchRefused(position, exc) from exc
    return results


def create_and_post_many(
    ctx: Context, kind: str, documents: Iterable[NewDocument]
) -> list[Document]:
    """Create and post documents of one kind, numbered consecutively in the order given.

    Everything happens in the caller's transaction, inside a savepoint; on SQLite open the
    unit of work with `app.tenant_context(..., write=True)`. Raises `BatchRefused` naming
    the first document refused; the posted documents come back in the order given.
    """
    ctx.app.db.write_lock(ctx.session)
    chosen = get_kind(ctx, kind)
    specs = list(documents)
    docs: list[Document] = []
    if not specs:
        return docs
    products = (_product_id(item) for spec in specs for item in spec.lines)
    try:
        with ctx.session.begin_nested(), announcing(ctx.session, PRODUCTS, products):
            docs.extend(_each(specs, lambda spec: build_document(
                ctx, chosen.id, spec.customer, lines=spec.lines, **spec.header
            )))
            persist.insert_documents(ctx, docs)
            with announcing(ctx.session, DOCUMENTS, (doc.id for doc in docs)):
                _post_all(ctx, chosen, docs)
    except BaseException:
        for doc in docs:
            if doc in ctx.session:
                ctx.session.expunge(doc)
        raise
    return docs


def _product_id(item: LineData | Mapping[str, Any]) -> Any:
    found = item.get("product_id") if isinstance(item, Mapping) else item.product_id
    return found if isinstance(found, int) else None


def _post_all(ctx: Context, kind: DocumentKind, docs: list[Document]) -> None:
    checked = _each(docs, lambda doc: posting.checked(ctx, doc, kind))
    ctx.session.flush()
    last, _owner = persist.last_date_and_ref_owner(ctx, docs[0], "")
    latest = []  # the last posted date each document is checked against, batch included
    for doc in docs:
        latest.append(last)
        last = doc.issue_date if last is None else max(last, doc.issue_date)
    _each(zip(docs, latest, strict=True), lambda pair: posting.check_chronology(*pair))
    numbers = number_block(
        ctx.session,
        kind.sequence_key,
        [doc.issue_date for doc in docs],
        pattern_for=posting.pattern_hook(ctx),
    )
    refs = _refs(ctx, docs, [number for number, _value in numbers], kind.payable)
    values = [
        posting.posted_values(ctx, doc, kind, number, ref, customer, totals)
        for doc, (number, _value), ref, (customer, totals) in zip(
            docs, numbers, refs, checked, strict=True
        )
    ]
    if not persist.mark_posted_many(ctx, docs, values):
        raise DocumentLocked(_(MSG_CHANGED))
    _each(docs, lambda doc: posting.after_posting(ctx, doc, kind))
    ctx.session.flush()


def _refs(
    ctx: Context, docs: list[Document], numbers: list[str], payable: bool
) -> list[str | None]:
    """Structured communications free in the tenant and in the batch, from the numbers."""
    if not payable:
        return [None] * len(docs)
    derived = [ogm.from_number(number) for number in numbers]
    taken: set[str] = set()
    for start in range(0, len(derived), _REFS_PER_QUERY):
        taken |= persist.refs_taken(ctx, derived[start:start + _REFS_PER_QUERY])
    refs: list[str | None] = []
    for doc, number, ref in zip(docs, numbers, derived, strict=True):
        if ref in taken:
            ref = posting.structured_ref_for(ctx, doc, number, also_taken=taken)
        taken.add(ref)
        refs.append(ref)
    return refs
