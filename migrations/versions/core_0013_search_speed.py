"""search speed: a contact search's page and its count from one function (PostgreSQL)

A list page asked `facturo_contacts_count(...)` for its count and `facturo_contacts_page(...)`
for its page: two plans, two scans of every match. `facturo_contacts_search(...)`, also run
as the search table's owner, answers both at once: the matches in the list's order cut at a
window (the caller's count cap + 1, or the end of its page), the page's ids from that window,
in order, each with the count of the window (`count(*) OVER ()`). It replaces the two.
SQLite is unchanged.

Revision ID: core_0013_search_speed
Revises: core_0013_outbox
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "core_0013_search_speed"
down_revision: str | Sequence[str] | None = "core_0013_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNER_FUNCTION = "SECURITY DEFINER SET search_path FROM CURRENT"

# The WHERE, as a plpgsql text expression. `$1` are the patterns the trigram index serves,
# `$2` those too short for trigrams (read from the row only), `$3` archived (NULL: both), `$4`
# the kind (`customer`, `supplier`, NULL: both).
MATCHES = r"""
  'FROM contacts_search '
  'WHERE tenant_id = NULLIF(current_setting(''facturo.tenant_id'', true), '''')::integer'
  || coalesce((SELECT string_agg(format(' AND search_text LIKE $1[%s]', i), '')
               FROM generate_subscripts(patterns, 1) AS i), '')
  || coalesce((SELECT string_agg(format(' AND (search_text || '''') LIKE $2[%s]', i), '')
               FROM generate_subscripts(short_patterns, 1) AS i), '')
  || CASE WHEN archived IS NULL THEN '' ELSE ' AND archived = $3' END
  || CASE kind WHEN 'customer' THEN ' AND is_customer' WHEN 'supplier'
     THEN ' AND is_supplier' ELSE '' END
"""

# The list's sort keys (`core.contacts.ordering.SORTS`) as ORDER BY clauses.
ORDERS = {
    "name": "name, id",
    "-name": "name DESC, id DESC",
    "number": "number",
    "-number": "number DESC",
    "city": "city, name, id",
    "-city": "city DESC, name DESC, id DESC",
    "created": "created_at, id",
    "-created": "created_at DESC, id DESC",
}
ORDER_CASE = ("CASE sort " + " ".join(f"WHEN '{key}' THEN '{clause}'"
                                      for key, clause in ORDERS.items()) + " END")
ARGUMENTS = ("patterns text[], short_patterns text[], archived boolean, kind text, sort text, "
             "window_size integer, page_limit integer, page_offset integer")

SEARCH = f"""
CREATE FUNCTION facturo_contacts_search({ARGUMENTS})
RETURNS TABLE (id integer, counted integer)
LANGUAGE plpgsql STABLE {OWNER_FUNCTION} ROWS 50 AS $$
DECLARE
  ordering text := {ORDER_CASE};
BEGIN
  IF ordering IS NULL THEN
    RAISE EXCEPTION 'facturo_contacts_search: unknown sort %', sort;
  END IF;
  RETURN QUERY EXECUTE
    'SELECT id, (count(*) OVER ())::integer FROM (SELECT id, name, number, city, created_at '
    || {MATCHES} || ' ORDER BY ' || ordering || ' LIMIT $5) AS window_rows '
    || 'ORDER BY ' || ordering || ' LIMIT $6 OFFSET $7'
  USING patterns, short_patterns, archived, kind, window_size, page_limit, page_offset;
END $$
"""


def _search_page_revision() -> ModuleType:
    path = Path(__file__).with_name("core_0012_search_page.py")
    spec = importlib.util.spec_from_file_location("core_0012_search_page", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SEARCH)
        previous = _search_page_revision()
        op.execute(f"DROP FUNCTION facturo_contacts_count({previous.ARGUMENTS}, integer)")
        op.execute(f"DROP FUNCTION facturo_contacts_page({previous.ARGUMENTS}, text, integer, "
                   "integer)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        previous = _search_page_revision()
        op.execute(previous.PAGE)
        op.execute(previous.COUNT)
        op.execute(f"DROP FUNCTION facturo_contacts_search({ARGUMENTS})")
