"""search walk: a common word is found by walking the list's order (PostgreSQL)

A word that many contacts hold ("peet": one customer in eight) made the search read every
match through the trigram index and sort them all for a page of 50. Sorted by name,
`facturo_contacts_search(...)` now reads at most `PROBE_FACTOR` times its window of trigram
matches (`FEWEST_PROBED` at least). Fewer than that: they are all the matches, sorted, and
that is the answer. As many: the word is common, and the search table's new index in the
list's order by name, which holds what a search filters on, is walked in order
(`facturo_contacts_walk(...)`, at most `WALK_FACTOR` times the window of entries) until the
window is full. A walk that does not fill it (the common word's contacts all sort late)
leaves the answer to the full sort, as before.

Both plans are fixed, each for its own function's duration: the walk reads only the index
in order (no sequential or bitmap scan, no sort, no JIT); the search never walks an index in
order, because left free the planner walks the name index for words that sort late and
reads most of it.

Revision ID: core_0015_search_walk
Revises: core_0014_link_target_index
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "core_0015_search_walk"
down_revision: str | Sequence[str] | None = "core_0014_link_target_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROBE_FACTOR, FEWEST_PROBED = 20, 2_000
WALK_FACTOR, SHORTEST_WALK, LONGEST_WALK = 200, 20_000, 50_000
INDEX = ("CREATE INDEX ix_contacts_search_tenant_name ON contacts_search "
         "(tenant_id, name, id) INCLUDE (search_text, archived, is_customer, is_supplier)")


def _revision(name: str) -> ModuleType:
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _functions(previous: ModuleType) -> tuple[str, str]:
    """The walk function and the search function that tries it first."""
    arguments = previous.ARGUMENTS
    table = "'FROM contacts_search '"
    assert previous.MATCHES.strip().startswith(table)
    walked = previous.MATCHES.replace(table, (
        "'FROM (SELECT * FROM contacts_search WHERE tenant_id = "
        "NULLIF(current_setting(''facturo.tenant_id'', true), '''')::integer "
        "ORDER BY ' || ordering || ' LIMIT $8) AS contacts_search '"), 1)
    walk = f"""
CREATE FUNCTION facturo_contacts_walk({arguments}, longest integer)
RETURNS TABLE (id integer, counted integer)
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT
SET enable_indexscan = on SET enable_indexonlyscan = on
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off SET jit = off
ROWS 50 AS $$
DECLARE
  ordering text := CASE sort WHEN 'name' THEN 'name, id' WHEN '-name' THEN 'name DESC, id DESC'
                   END;
BEGIN
  RETURN QUERY EXECUTE
    'SELECT id, (count(*) OVER ())::integer FROM (SELECT id, name '
    || {walked} || ' ORDER BY ' || ordering || ' LIMIT $5) AS window_rows '
    || 'ORDER BY ' || ordering || ' LIMIT $6 OFFSET $7'
  USING patterns, short_patterns, archived, kind, window_size, page_limit, page_offset, longest;
END $$
"""
    search = f"""
CREATE OR REPLACE FUNCTION facturo_contacts_search({arguments})
RETURNS TABLE (id integer, counted integer)
LANGUAGE plpgsql STABLE {previous.OWNER_FUNCTION}
SET enable_indexscan = off SET enable_indexonlyscan = off ROWS 50 AS $$
DECLARE
  ordering text := {previous.ORDER_CASE};
  walked integer[];
  filled integer;
  found integer;
  probed integer := least(greatest(window_size::bigint * {PROBE_FACTOR}, {FEWEST_PROBED}),
                          2147483647);
BEGIN
  IF ordering IS NULL THEN
    RAISE EXCEPTION 'facturo_contacts_search: unknown sort %', sort;
  END IF;
  IF sort IN ('name', '-name') AND cardinality(patterns) > 0 THEN
    EXECUTE 'WITH candidates AS MATERIALIZED (SELECT id, name ' || {previous.MATCHES}
      || ' LIMIT $8), window_rows AS (SELECT id, name FROM candidates ORDER BY ' || ordering
      || ' LIMIT $5) SELECT (SELECT count(*) FROM candidates), '
      || '(SELECT count(*) FROM window_rows), (SELECT array_agg(id ORDER BY ' || ordering
      || ') FROM (SELECT id, name FROM window_rows ORDER BY ' || ordering
      || ' LIMIT $6 OFFSET $7) AS page_rows)'
      INTO found, filled, walked
      USING patterns, short_patterns, archived, kind, window_size, page_limit, page_offset,
            probed;
    IF found < probed THEN
      RETURN QUERY SELECT unnest(walked), filled;
      RETURN;
    END IF;
    IF window_size::bigint * {WALK_FACTOR} <= {LONGEST_WALK} THEN
      SELECT array_agg(w.id ORDER BY w.n), max(w.counted) INTO walked, filled
      FROM facturo_contacts_walk(patterns, short_patterns, archived, kind, sort, window_size,
                                 page_limit, page_offset,
                                 greatest(window_size * {WALK_FACTOR}, {SHORTEST_WALK}))
           WITH ORDINALITY AS w(id, counted, n);
      IF filled >= window_size THEN
        RETURN QUERY SELECT unnest(walked), filled;
        RETURN;
      END IF;
    END IF;
  END IF;
  RETURN QUERY EXECUTE
    'SELECT id, (count(*) OVER ())::integer FROM (SELECT id, name, number, city, created_at '
    || {previous.MATCHES} || ' ORDER BY ' || ordering || ' LIMIT $5) AS window_rows '
    || 'ORDER BY ' || ordering || ' LIMIT $6 OFFSET $7'
  USING patterns, short_patterns, archived, kind, window_size, page_limit, page_offset;
END $$
"""
    return walk, search


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(INDEX)
        for statement in _functions(_revision("core_0013_search_speed")):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        previous = _revision("core_0013_search_speed")
        op.execute(f"DROP FUNCTION facturo_contacts_search({previous.ARGUMENTS})")
        op.execute(previous.SEARCH)
        op.execute(f"DROP FUNCTION facturo_contacts_walk({previous.ARGUMENTS}, integer)")
        op.execute("DROP INDEX ix_contacts_search_tenant_name")
