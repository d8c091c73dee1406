"""The index behind contact search: a word finds its contacts without reading every contact.

A search matches contacts whose folded `search_text` contains every word (anywhere, as a
substring). Both engines answer that from a trigram index built by the migration `core_0008`:

- SQLite: the FTS5 table `contacts_search` (trigram tokenizer, external content
  `contacts.search_text`), kept in step by triggers on `contacts`, so every way of writing a
  contact (the ORM, bulk inserts, imports) updates it. A word is looked up as the trigrams
  that cover it, each a token of its own (`fts_query`): FTS5 then intersects the trigrams'
  row lists without reading positions, and the rows it finds are checked with `LIKE`.
- PostgreSQL: the table `contacts_search` (contact id and search text, migration `core_0009`)
  with the GIN index `ix_contacts_search_trgm` (extension `pg_trgm`), which
  `LIKE '%word%'` uses by itself; triggers on `contacts` keep it in step. The application's
  role has no privilege on the table: the triggers and `facturo_contacts_matching(patterns)`
  (the ids of the transaction tenant's contacts whose text holds every pattern) run as its
  owner (migration `core_0010_dbwall`). The index cannot
  sit on `contacts` itself: under row-level security PostgreSQL checks a `LIKE` (not
  leakproof) row by row after the policy, never through an index.

A list page asks for one page and its count in one statement (`core.contacts.search_page`);
on PostgreSQL through `facturo_contacts_search(...)` (migration `core_0013_search_speed`),
since the search table also holds what a list filters and sorts by.

Words shorter than three characters have no trigram: they are matched with `LIKE` alone. The
search table holds no tenant column (and, on PostgreSQL, no policy): it is only ever used to
narrow a tenant-scoped query on `contacts` (`contacts.id IN (...)`), never read by itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    func,
    select,
    table,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from core.contacts.models import Contact
from core.contacts.search_text import fold
from core.db.base import declare_migration_only

FTS_TABLE = "contacts_search"
INSERT_TRIGGER = "contacts_search_insert"
TRGM_INDEX = "ix_contacts_search_trgm"

declare_migration_only("table", FTS_TABLE)
declare_migration_only("index", TRGM_INDEX)

MIN_WORD = 3
ANALYZE_AFTER = 1000

_fts = table(FTS_TABLE, column("rowid"), column("search_text"))


def escape_like(text: str) -> str:
    """A text to put inside a LIKE pattern with `\\` as the escape character."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def words_clauses(words: Iterable[str], dialect: str) -> list[ColumnElement[bool]]:
    """Clauses matching contacts whose search text contains every word (folded here): one
    index look-up for all the words long enough to have trigrams, `LIKE` for the others (on
    SQLite for every word: the index finds candidates, `LIKE` decides)."""
    folded = [fold(word) for word in words]
    indexed = [w for w in folded if len(w) >= MIN_WORD]
    checked = folded if dialect == "sqlite" else [w for w in folded if w not in indexed]
    clauses: list[ColumnElement[bool]] = [
        Contact.search_text.like(like_pattern(w), escape="\\") for w in checked]
    if not indexed:
        return clauses
    if dialect == "sqlite":
        found = fts_matches(fts_query(indexed))
    else:  # the GIN index intersects the words' trigrams in one bitmap scan, read as the
        # table's owner: the application's role never reaches the table itself
        found = select(func.facturo_contacts_matching(
            postgresql.array([like_pattern(w) for w in indexed])))
    clauses.insert(0, Contact.id.in_(found))
    return clauses


def fts_query(words: Iterable[str]) -> str:
    """SQLite: the FTS5 query of the contacts whose text may hold every word (folded, three
    characters or more): for each word the trigrams that cover it (at 0, 3, 6, ... and the
    last three characters), each a token of its own, all joined by AND.

    FTS5 intersects the trigrams' row lists without reading positions; a phrase of all of a
    word's trigrams must compare positions and costs four to six times more. A row that holds
    the trigrams need not hold the word, so the caller checks the words with `LIKE`."""
    trigrams: list[str] = []
    for word in words:
        starts = [*range(0, len(word) - MIN_WORD + 1, MIN_WORD), len(word) - MIN_WORD]
        for start in starts:
            trigram = word[start:start + MIN_WORD]
            if trigram not in trigrams:
                trigrams.append(trigram)
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in trigrams)


def fts_matches(query: Any) -> Select[Any]:
    """SQLite: the ids of the contacts the FTS5 `query` (a text or a bound parameter) finds."""
    return select(_fts.c.rowid).where(_fts.c.search_text.match(query))


def split_patterns(words: Iterable[str]) -> tuple[list[str], list[str]]:
    """The LIKE patterns of the words (folded here): those the trigram index serves (three
    characters or more), and the shorter ones, which only a row's text can tell."""
    folded = [fold(word) for word in words]
    return ([like_pattern(w) for w in folded if len(w) >= MIN_WORD],
            [like_pattern(w) for w in folded if len(w) < MIN_WORD])


def like_pattern(word: str) -> str:
    """The LIKE pattern (escape `\\`) of a text anywhere in a value."""
    return f"%{escape_like(word)}%"


@contextmanager
def bulk_inserting(session: Session) -> Iterator[None]:
    """Contacts inserted in bulk inside the block are indexed in one statement at its end.

    On SQLite, indexing row by row through the insert trigger costs about three times what
    one `INSERT ... SELECT` into the index costs for the same rows. Inside the block the
    insert trigger is dropped, and at its end the new contacts (ids above the highest one
    before the block) are indexed at once and the trigger is created again, all in the
    caller's transaction: SQLite has one writer at a time and its schema changes are
    transactional, so no other connection ever sees the trigger missing. Only inserts may
    happen inside the block.

    PostgreSQL's triggers index the rows by the statement; after `ANALYZE_AFTER` new contacts
    or more the block refreshes the planner's statistics, so that searching the imported
    contacts right away reads the index (autovacuum would only get to it later).
    """
    if session.get_bind().dialect.name != "sqlite":
        before = session.execute(text("SELECT coalesce(max(id), 0) FROM contacts"))
        last_id = before.scalar_one()
        yield
        added = session.execute(text("SELECT count(*) FROM contacts WHERE id > :last_id"),
                                {"last_id": last_id}).scalar_one()
        if added >= ANALYZE_AFTER:  # as the tables' owner (migration core_0010_dbwall)
            session.execute(text("SELECT facturo_analyze('contacts'), "
                                 f"facturo_analyze('{FTS_TABLE}')"))
        return
    trigger_sql = session.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
        {"name": INSERT_TRIGGER},
    ).scalar_one()
    last_id = session.execute(text("SELECT coalesce(max(id), 0) FROM contacts")).scalar_one()
    session.execute(text(f"DROP TRIGGER {INSERT_TRIGGER}"))
    yield
    session.execute(
        text(f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
             "SELECT id, search_text FROM contacts WHERE id > :last_id"),
        {"last_id": last_id},
    )
    session.execute(text(trigger_sql))
