"""Importing customers or suppliers from CSV/XLSX, and exporting the (filtered) list.

Rows are checked with the same rules as the contact form (`clean_contact`); the import then
writes in bulk: Core inserts in batches, and the numbers of rows without one taken as a
single block of the series.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select, text

from core.contacts.custom_fields import clean_custom_values, display_value, list_fields
from core.contacts.errors import ValidationError, require_write
from core.contacts.fields import clean_contact, parse_bool
from core.contacts.listing import iter_contacts
from core.contacts.models import Contact, ContactTag, CustomFieldDefinition
from core.contacts.search_index import bulk_inserting
from core.contacts.search_text import search_text
from core.contacts.service import pattern_hook
from core.contacts.tags import clean_tag_names, ensure_tags, tags_by_contact
from core.context import Context
from core.db.base import utcnow
from core.i18n import N_, _, gettext
from core.importing import EntityImporter, ImportField, export_table
from core.importing.spec import Progress
from core.numbering.service import take_numbers

CUSTOM_PREFIX = "cf."
BATCH = 5000
ANALYZE_AFTER = 500
TYPE_WORDS = {"nl": ("bedrijf", "particulier"), "fr": ("société", "particulier"),
              "en": ("company", "person"), "de": ("firma", "privatperson")}
_COMPANY = {"bedrijf", "onderneming", "firma", "vennootschap", "company", "business", "société",
            "societe", "entreprise", "b2b"}
_PERSON = {"particulier", "persoon", "privé", "prive", "person", "private", "individual",
           "personne", "privatperson", "b2c"}

FIELDS = (
    ImportField("number", N_("Number"), ("Nummer", "Nr", "Klantnummer", "Klantnr",
                "Leveranciersnummer", "Numéro", "Numéro client", "N° client", "No client",
                "Customer number", "Supplier number", "Code")),
    ImportField("name", N_("Name"), ("Naam", "Bedrijfsnaam", "Firmanaam", "Klant", "Nom",
                "Raison sociale", "Société", "Client", "Company", "Company name", "Customer"),
                required=True),
    ImportField("type", N_("Type"), ("Soort", "Bedrijf of particulier", "Genre")),
    ImportField("vat_number", N_("VAT number"), ("Btw-nummer", "Btw nummer", "Btw nr",
                "Btw", "Ondernemingsnummer", "Numéro de TVA", "N° TVA", "TVA", "VAT", "VAT ID")),
    ImportField("email", N_("E-mail"), ("Email", "E-mailadres", "Adresse e-mail", "Courriel",
                "Mail")),
    ImportField("phone", N_("Phone"), ("Telefoon", "Tel", "Telefoonnummer", "Téléphone",
                "Telephone")),
    ImportField("mobile", N_("Mobile"), ("Gsm", "Mobiel", "Portable", "GSM-nummer")),
    ImportField("website", N_("Website"), ("Site web", "Site", "Web")),
    ImportField("street", N_("Street"), ("Straat", "Adres", "Straat en nummer", "Rue",
                "Adresse", "Address")),
    ImportField("postal_code", N_("Postal code"), ("Postcode", "Code postal", "CP", "Zip",
                "Zip code")),
    ImportField("city", N_("City"), ("Gemeente", "Stad", "Plaats", "Woonplaats", "Ville",
                "Localité", "Commune", "Town")),
    ImportField("country", N_("Country"), ("Land", "Pays")),
    ImportField("language", N_("Language"), ("Taal", "Langue")),
    ImportField("currency", N_("Currency"), ("Munt", "Munteenheid", "Valuta", "Devise",
                "Monnaie")),
    ImportField("vat_regime", N_("VAT regime"), ("Btw-regime", "Btw-stelsel", "Régime TVA",
                "Régime de TVA")),
    ImportField("payment_term_days", N_("Payment term (days)"), ("Betaaltermijn",
                "Betalingstermijn", "Délai de paiement", "Payment term")),
    ImportField("general_discount", N_("General discount (%)"), ("Korting", "Algemene korting",
                "Remise", "Remise générale", "Discount", "General discount")),
    ImportField("financial_discount", N_("Financial discount (%)"), ("Financiële korting",
                "Escompte", "Remise financière", "Financial discount")),
    ImportField("internal_note", N_("Internal note"), ("Interne nota", "Opmerking", "Notitie",
                "Note interne", "Remarque", "Note", "Notes")),
    ImportField("tags", N_("Tags"), ("Labels", "Étiquettes", "Etiquettes")),
)


def parse_type(value: Any) -> bool | None:
    """True for a company, False for a person, None when not given."""
    text = "" if value is None else str(value).strip().lower()
    if not text:
        return None
    if text in _COMPANY:
        return True
    if text in _PERSON:
        return False
    try:
        return parse_bool(text)
    except ValueError:
        raise ValueError(_("expected company or person")) from None


class ContactImporter(EntityImporter):
    """Customers (`role="customer"`) or suppliers (`role="supplier"`) from a file."""

    def __init__(self, role: str = "customer") -> None:
        if role not in ("customer", "supplier"):
            raise ValueError(f"role must be customer or supplier, not {role!r}")
        self.role = role
        self.entity = "contacts"
        self._definitions: list[CustomFieldDefinition] = []
        self._numbers: set[str] = set()

    def fields(self, ctx: Context) -> Sequence[ImportField]:
        """The contact fields and the tenant's custom fields."""
        custom = [ImportField(CUSTOM_PREFIX + d.key, d.label, (d.key,))
                  for d in list_fields(ctx)]
        return [*FIELDS, *custom]

    def start(self, ctx: Context) -> None:
        """Load the custom field definitions and the numbers already used."""
        require_write(ctx)
        self._definitions = list_fields(ctx)
        self._numbers = set(ctx.session.scalars(select(Contact.number)))

    def check(self, ctx: Context, values: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        """A row's contact values, checked like the contact form, or its errors."""
        errors: dict[str, str] = {}
        base = {k: v for k, v in values.items()
                if k not in ("type", "tags") and not k.startswith(CUSTOM_PREFIX)}
        try:
            record = clean_contact(base)
        except ValidationError as exc:
            errors.update(exc.errors)
            record = {}
        try:
            is_company = parse_type(values.get("type"))
        except ValueError as exc:
            errors["type"] = str(exc)
            is_company = None
        custom = {k[len(CUSTOM_PREFIX):]: v for k, v in values.items()
                  if k.startswith(CUSTOM_PREFIX)}
        try:
            record["custom_fields"] = clean_custom_values(self._definitions, custom)
        except ValidationError as exc:
            errors.update({CUSTOM_PREFIX + k.split(".", 1)[1]: v for k, v in exc.errors.items()})
        try:
            record["tags"] = clean_tag_names(str(values.get("tags") or ""))
        except ValidationError as exc:
            errors.update(exc.errors)
        number = record.get("number")
        if number and "number" not in errors:
            if number in self._numbers:
                errors["number"] = _("number %(number)s is used already") % {"number": number}
            else:
                self._numbers.add(number)
        if errors:
            return None, errors
        if is_company is None:
            is_company = bool(record.get("vat_number"))
        record["is_company"] = is_company
        return record, {}

    def _number_block(self, ctx: Context, count: int) -> list[str]:
        free: list[str] = []
        while len(free) < count:
            block = take_numbers(ctx.session, self.role, date.today(), count - len(free),
                                 pattern_for=pattern_hook(ctx))
            free.extend(n for n, _value in block if n not in self._numbers)
        return free

    def save(self, ctx: Context, records: list[Any], progress: Progress | None = None) -> int:
        """Insert the contacts in batches, numbered in one block; then link their tags."""
        numbers = iter(self._number_block(ctx, sum(1 for r in records if not r.get("number"))))
        now = utcnow()
        fixed = {"tenant_id": ctx.tenant_id, "is_customer": self.role == "customer",
                 "is_supplier": self.role == "supplier", "archived": False,
                 "merged_into_id": None, "created_at": now, "updated_at": now}
        defaults = {c.name: c.default.arg for c in Contact.__table__.c
                    if c.default is not None and not callable(c.default.arg)}
        defaults.update({"vat_number": None, "email": None, "phone": None, "mobile": None,
                         "website": None, "vat_regime": None, "payment_term_days": None})
        table = Contact.__table__
        last_id = ctx.session.scalar(select(func.max(table.c.id))) or 0
        order, tagged = [], []
        with bulk_inserting(ctx.session):
            for start in range(0, len(records), BATCH):
                rows = []
                for record in records[start : start + BATCH]:
                    tagged.append(record.pop("tags"))
                    row = {**defaults, **record, **fixed}
                    row["number"] = record.get("number") or next(numbers)
                    row["search_text"] = search_text(row)
                    rows.append(row)
                    order.append(row["number"])
                ctx.session.execute(insert(table), rows)
                if progress is not None:
                    progress(len(order), len(records))
        # ids are taken after `last_id` was read: the new rows are among the higher ones
        by_number = dict(ctx.session.execute(
            select(table.c.number, table.c.id).where(
                table.c.tenant_id == ctx.tenant_id, table.c.id > last_id)
        ).all())
        created = [by_number[number] for number in order]
        self._link_tags(ctx, created, tagged)
        if len(created) >= ANALYZE_AFTER and ctx.app.db.dialect == "postgresql":
            ctx.session.execute(text("ANALYZE contacts"))  # fresh statistics for the planner
        if created:
            ctx.call("contacts_imported", contact_ids=created)
        return len(created)

    @staticmethod
    def _link_tags(ctx: Context, ids: list[int], tagged: list[list[str]]) -> None:
        tag_ids = {k: t.id for k, t in ensure_tags(ctx, {n for ns in tagged for n in ns}).items()}
        links = [{"tenant_id": ctx.tenant_id, "contact_id": cid, "tag_id": tag_ids[name.lower()]}
                 for cid, names in zip(ids, tagged, strict=True) for name in names]
        for start in range(0, len(links), BATCH):
            ctx.session.execute(insert(ContactTag.__table__), links[start : start + BATCH])


def export_columns(ctx: Context) -> list[tuple[str, str]]:
    """(field key, header in the context's language) of an export, custom fields last."""
    columns = [(f.key, gettext(f.label, ctx.language)) for f in FIELDS]
    columns += [(CUSTOM_PREFIX + d.key, d.label) for d in list_fields(ctx)]
    return columns


def export_contacts(ctx: Context, fmt: str = "csv", **filters: Any) -> tuple[bytes, str, str]:
    """The contacts matching `filters` (as `list_contacts` takes them) as CSV or XLSX.

    Returns (bytes, content type, extension); the file imports back as it is.
    """
    columns = export_columns(ctx)
    definitions = {d.key: d for d in list_fields(ctx)}
    words = TYPE_WORDS.get(ctx.language, TYPE_WORDS["en"])
    contacts = list(iter_contacts(ctx, **filters))
    tags = tags_by_contact(ctx, [c.id for c in contacts])

    def row(contact: Contact) -> list[Any]:
        values: list[Any] = []
        for key, _header in columns:
            if key == "type":
                values.append(words[0] if contact.is_company else words[1])
            elif key == "tags":
                values.append(", ".join(tags.get(contact.id, [])))
            elif key.startswith(CUSTOM_PREFIX):
                name = key[len(CUSTOM_PREFIX):]
                stored = (contact.custom_fields or {}).get(name)
                values.append(display_value(definitions[name], stored))
            else:
                values.append(getattr(contact, key))
        return values

    return export_table(fmt, [h for _k, h in columns], (row(c) for c in contacts))
