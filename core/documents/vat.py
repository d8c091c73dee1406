"""Belgian VAT: rates, regimes, their EN 16931 category codes and the legal mentions they need.

A document has one regime. Under `standard` and `renovation` each line carries its rate
(21, 12, 6 or 0 %) and the category `S` (or `Z` at 0 %). Under the other regimes no Belgian VAT
is charged: lines are at 0 % with the regime's category (domestic reverse charge and services to
a business in another member state `AE`, intra-EU supply of goods `K`, export `G`, exempt `E`)
and the document shows the legal mention of the regime, in the document's language.

`REGIMES` is the one table of regimes: category code, exemption code (VATEX, BT-121) and legal
text per language (`core.documents.legal_texts`). The PDF and the e-invoice both read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from core.documents import legal_texts
from core.documents.errors import DocumentError
from core.documents.legal_texts import LegalText
from core.i18n import N_, _

RATES: tuple[Decimal, ...] = (Decimal("21"), Decimal("12"), Decimal("6"), Decimal("0"))
DEFAULT_RATE = Decimal("21")
RENOVATION_RATE = Decimal("6")
ZERO = Decimal("0")

# EN 16931 VAT category codes (UNCL 5305 subset) a line may carry.
CATEGORIES = frozenset({"S", "Z", "E", "AE", "K", "G", "O", "L", "M"})
ZERO_CATEGORIES = frozenset({"Z", "E", "AE", "K", "G", "O"})

#: Inside Facturo, category `O` on a line of a document that charges VAT marks an amount kept
#: out of the taxable base (Belgian VAT code, art. 28, 4°: returnable packaging charged
#: separately, such as deposits on crates). It is no VAT rate: screens and PDF leave it out of
#: the VAT breakdown and print `OUTSIDE_BASE_MENTION`; the e-invoice states it as exempt (`E`)
#: with that mention as the reason, since EN 16931 BR-O-11 forbids `O` beside other
#: categories (docs/architecture.md, "Deposits in the e-invoice").
OUTSIDE_BASE = "O"
OUTSIDE_BASE_MENTION: Mapping[str, str] = {
    "nl": "Leeggoed buiten de maatstaf van heffing (art. 28, 4° WBTW)",
    "fr": "Emballages consignés exclus de la base d'imposition (art. 28, 4° CTVA)",
    "en": "Returnable packaging outside the taxable amount (Belgian VAT Code, art. 28, 4°)",
    "de": "Pfand nicht in der Bemessungsgrundlage (belgisches MwStGB, Art. 28 Nr. 4)",
}

STANDARD = "standard"
RENOVATION = "renovation"
REVERSE_CHARGE = "reverse_charge"
INTRA_EU = "intra_eu"
INTRA_EU_SERVICES = "intra_eu_services"
EXPORT = "export"
EXEMPT = "exempt"


@dataclass(frozen=True)
class Regime:
    """A VAT regime: the category of its lines, whether VAT is charged, its exemption code."""

    id: str
    category: str  # the EN 16931 code of its lines (S: by rate, S or Z)
    charges_vat: bool
    exemption_code: str | None = None  # VATEX code for e-invoices (BT-121)
    needs_customer_vat: bool = False  # the buyer's VAT number must be on the document
    needs_seller_vat: bool = False  # and the seller's
    other_member_state: bool = False  # the buyer's VAT number is of another EU member state
    #: the legal text per document language (left out of comparisons and the hash)
    texts: Mapping[str, LegalText] | None = field(default=None, compare=False)

    def category_for(self, rate: Decimal) -> str:
        """The EN 16931 category of a line at this rate under this regime."""
        if self.charges_vat:
            return "S" if rate > 0 else "Z"
        return self.category

    def text(self, language: str) -> LegalText | None:
        """The regime's legal text in a document language (English when it has none)."""
        if not self.texts:
            return None
        return self.texts.get(language) or self.texts["en"]

    def mention(self, language: str, *, article: str | None = None,
                legal_reference: bool = True) -> str:
        """The full legal mention the document prints ("" under `standard`)."""
        found = self.text(language)
        if found is None:
            return ""
        return found.full(article or DEFAULT_EXEMPT_ARTICLE, legal_reference=legal_reference)

    def exemption_reason(self, language: str, *, article: str | None = None) -> str:
        """The exemption reason of an e-invoice (BT-120): the mention with its legal basis."""
        found = self.text(language)
        if found is None or self.charges_vat:
            return ""
        return found.short(article or DEFAULT_EXEMPT_ARTICLE)


DEFAULT_EXEMPT_ARTICLE = "44"

REGIMES: dict[str, Regime] = {
    STANDARD: Regime(STANDARD, "S", True),
    RENOVATION: Regime(RENOVATION, "S", True, texts=legal_texts.RENOVATION),
    REVERSE_CHARGE: Regime(REVERSE_CHARGE, "AE", False, "VATEX-EU-AE", needs_customer_vat=True,
                           texts=legal_texts.REVERSE_CHARGE),
    INTRA_EU_SERVICES: Regime(
        INTRA_EU_SERVICES, "AE", False, "VATEX-EU-AE", needs_customer_vat=True,
        needs_seller_vat=True, other_member_state=True, texts=legal_texts.INTRA_EU_SERVICES,
    ),
    INTRA_EU: Regime(
        INTRA_EU, "K", False, "VATEX-EU-IC", needs_customer_vat=True, needs_seller_vat=True,
        other_member_state=True, texts=legal_texts.INTRA_EU_GOODS,
    ),
    EXPORT: Regime(EXPORT, "G", False, "VATEX-EU-G", texts=legal_texts.EXPORT),
    EXEMPT: Regime(EXEMPT, "E", False, "VATEX-EU-132", texts=legal_texts.EXEMPT),
}

ALIASES = {
    "medecontractant": REVERSE_CHARGE,
    "cocontractant": REVERSE_CHARGE,
    "reverse-charge": REVERSE_CHARGE,
    "reversecharge": REVERSE_CHARGE,
    "intracommunity": INTRA_EU,
    "intra_community": INTRA_EU,
    "intra-eu": INTRA_EU,
    "intra_eu_goods": INTRA_EU,
    "intra-eu-services": INTRA_EU_SERVICES,
    "renovation_6": RENOVATION,
}

MSG_BAD_REGIME = N_("Unknown VAT regime: %(regime)s.")
MSG_BAD_RATE = N_("A VAT rate of %(rate)s %% does not exist; use 21, 12, 6 or 0 %%.")
MSG_BAD_CATEGORY = N_("Unknown VAT category code: %(code)s.")


def regime(regime_id: str | None) -> Regime:
    """The regime with this id (or a known alias); `standard` for None; a clear error else."""
    if regime_id in REGIMES:  # an id as documents store it
        return REGIMES[regime_id]
    if not regime_id:
        return REGIMES[STANDARD]
    key = regime_id.strip().lower()
    found = REGIMES.get(ALIASES.get(key, key))
    if found is None:
        raise DocumentError(_(MSG_BAD_REGIME) % {"regime": regime_id})
    return found


def regime_of_category(category: str) -> Regime | None:
    """The first regime without VAT whose lines carry this category (`E` → `exempt`)."""
    return next((found for found in REGIMES.values()
                 if not found.charges_vat and found.category == category), None)


def check_rate(rate: Decimal | int | str) -> Decimal:
    """A Belgian VAT rate as a Decimal, or a clear error."""
    value = Decimal(str(rate))
    if value not in RATES:
        raise DocumentError(_(MSG_BAD_RATE) % {"rate": rate})
    return value


def check_category(code: str) -> str:
    """An EN 16931 VAT category code, or a clear error."""
    if code not in CATEGORIES:
        raise DocumentError(_(MSG_BAD_CATEGORY) % {"code": code})
    return code


def default_rate(regime_id: str | None, tenant_default: Decimal = DEFAULT_RATE) -> Decimal:
    """The rate a new line gets under a regime."""
    found = regime(regime_id)
    if not found.charges_vat:
        return ZERO
    return RENOVATION_RATE if found.id == RENOVATION else tenant_default


def line_vat(regime_id: str | None, rate: Decimal | int | str) -> tuple[Decimal, str]:
    """The (rate, category) a line really carries under a regime: 0 % where no VAT is due."""
    found = regime(regime_id)
    if not found.charges_vat:
        return ZERO, found.category
    value = check_rate(rate)
    return value, found.category_for(value)


def legal_mentions(
    regime_id: str | None,
    language: str,
    *,
    article: str | None = None,
    legal_reference: bool = True,
) -> list[str]:
    """The sentences a document under this regime must show, in the document's language.

    `article` is the exemption article for `exempt` (default art. 44); `legal_reference`
    False leaves the article of the domestic reverse charge out (its mention and the
    customer's objection sentence stay).
    """
    mention = regime(regime_id).mention(language, article=article,
                                        legal_reference=legal_reference)
    return [mention] if mention else []


def outside_base_mention(language: str) -> str:
    """The mention of amounts kept out of the taxable base, in a document language."""
    return OUTSIDE_BASE_MENTION.get(language) or OUTSIDE_BASE_MENTION["en"]


def is_outside_base(category: str) -> bool:
    """Whether a line or VAT group of this category is kept out of the taxable base."""
    return category == OUTSIDE_BASE


def vat_column_label(regime_id: str | None, language: str) -> str:
    """What a line's VAT column shows under a regime that charges no VAT ("Autoliquidation")."""
    found = regime(regime_id).text(language)
    return found.label if found is not None else ""
