"""search page: contact search returns one page and a capped count (PostgreSQL)

`facturo_contacts_matching(patterns)` returns every matching id of the tenant, and a list
then keeps 50 of them: for a common word that is thousands of ids, each looked up in
`contacts`, twice per request (the count and the page). The search table now also holds
what a list filters and sorts contacts by (name, number, city, creation time, archived,
customer, supplier; kept in step by the same triggers), and two functions, also run as the
table's owner, answer a list by themselves from that one table: `facturo_contacts_page(...)`
the ids of one page in the list's order, `facturo_contacts_count(...)` how many match, up
to a cap. SQLite is unchanged (its FTS5 query is planned with the page).

Revision ID: core_0012_search_page
Revises: core_0010_dbwall
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "core_0012_search_page"
down_revision: str | Sequence[str] | None = "core_0010_dbwall"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {"name": "varchar(200)", "number": "varchar(40)", "city": "varchar(100)",
           "created_at": "timestamptz", "archived": "boolean", "is_customer": "boolean",
           "is_supplier": "boolean"}
COPIED = ", ".join(COLUMNS)
OWNER_FUNCTION = "SECURITY DEFINER SET search_path FROM CURRENT"

ADD_COLUMNS = (
    "SELECT set_config('facturo.all_tenants', 'on', true)",
    *(f"ALTER TABLE contacts_search ADD COLUMN {name} {type_}"
      for name, type_ in COLUMNS.items()),
    "UPDATE contacts_search s SET " + ", ".join(f"{name} = c.{name}" for name in COLUMNS)
    + " FROM contacts c WHERE c.id = s.id",
    "SELECT set_config('facturo.all_tenants', 'off', true)",
    *(f"ALTER TABLE contacts_search ALTER COLUMN {name} SET NOT NULL" for name in COLUMNS),
)

TRIGGERS = (
    "CREATE OR REPLACE FUNCTION contacts_search_insert() RETURNS trigger LANGUAGE plpgsql "
    f"{OWNER_FUNCTION} AS $$ BEGIN "
    f"INSERT INTO contacts_search (id, tenant_id, search_text, {COPIED}) "
    f"SELECT id, tenant_id, coalesce(search_text, ''), {COPIED} FROM new_contacts; "
    "RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION contacts_search_update() RETURNS trigger LANGUAGE plpgsql "
    f"{OWNER_FUNCTION} AS $$ BEGIN "
    "UPDATE contacts_search SET search_text = coalesce(NEW.search_text, ''), "
    + ", ".join(f"{name} = NEW.{name}" for name in COLUMNS)
    + " WHERE id = NEW.id; RETURN NULL; END $$",
    "DROP TRIGGER contacts_search_update ON contacts",
    "CREATE TRIGGER contacts_search_update AFTER UPDATE ON contacts FOR EACH ROW WHEN ("
    + " OR ".join(f"OLD.{name} IS DISTINCT FROM NEW.{name}"
                  for name in ("search_text", *COLUMNS))
    + ") EXECUTE FUNCTION contacts_search_update()",
)

# The WHERE of both functions, as a plpgsql text expression. `$1` are the patterns the
# trigram index serves, `$2` those too short for trigrams (read from the row only), `$3`
# archived (NULL: both), `$4` the kind (`customer`, `supplier`, NULL: both).
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

# The list's sort keys (`core.contacts.listing.SORTS`) as ORDER BY clauses.
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
ARGUMENTS = "patterns text[], short_patterns text[], archived boolean, kind text"

PAGE = f"""
CREATE FUNCTION facturo_contacts_page({ARGUMENTS}, sort text, page_limit integer,
                                      page_offset integer)
RETURNS SETOF integer
LANGUAGE plpgsql STABLE {OWNER_FUNCTION} ROWS 50 AS $$
DECLARE
  ordering text := {ORDER_CASE};
BEGIN
  IF ordering IS NULL THEN
    RAISE EXCEPTION 'facturo_contacts_page: unknown sort %', sort;
  END IF;
  RETURN QUERY EXECUTE
    'SELECT id ' || {MATCHES} || ' ORDER BY ' || ordering || ' LIMIT $5 OFFSET $6'
  USING patterns, short_patterns, archived, kind, page_limit, page_offset;
END $$
"""

COUNT = f"""
CREATE FUNCTION facturo_contacts_count({ARGUMENTS}, cap integer)
RETURNS integer
LANGUAGE plpgsql STABLE {OWNER_FUNCTION} AS $$
DECLARE
  found integer;
BEGIN
  EXECUTE 'SELECT count(*)::integer FROM (SELECT 1 ' || {MATCHES} || ' LIMIT $5) AS m'
  INTO found USING patterns, short_patterns, archived, kind, cap;
  RETURN found;
END $$
"""

OLD_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION contacts_search_insert() RETURNS trigger LANGUAGE plpgsql "
    f"{OWNER_FUNCTION} AS $$ BEGIN INSERT INTO contacts_search (id, tenant_id, search_text) "
    "SELECT id, tenant_id, coalesce(search_text, '') FROM new_contacts; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION contacts_search_update() RETURNS trigger LANGUAGE plpgsql "
    f"{OWNER_FUNCTION} AS $$ BEGIN "
    "UPDATE contacts_search SET search_text = coalesce(NEW.search_text, '') "
    "WHERE id = NEW.id; RETURN NULL; END $$",
    "DROP TRIGGER contacts_search_update ON contacts",
    "CREATE TRIGGER contacts_search_update AFTER UPDATE OF search_text ON contacts "
    "FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text) "
    "EXECUTE FUNCTION contacts_search_update()",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in (*ADD_COLUMNS, *TRIGGERS, PAGE, COUNT):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION facturo_contacts_count({ARGUMENTS}, integer)")
        op.execute(f"DROP FUNCTION facturo_contacts_page({ARGUMENTS}, text, integer, "
                   "integer)")
        for statement in OLD_TRIGGERS:
            op.execute(statement)
        for name in COLUMNS:
            op.execute(f"ALTER TABLE contacts_search DROP COLUMN {name}")
