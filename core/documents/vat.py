"""Belgian VAT: rates, regimes, their EN 16931 category codes and the legal mentions they need.

A document has one regime. Under `standard` and `renovation` each line carries its rate
(21, 12, 6 or 0 %) and the category `S` (or `Z` at 0 %). Under the other regimes no Belgian VAT
is charged: lines are at 0 % with the regime's category (reverse charge `AE`, intra-EU supply
`K`, export `G`, exempt `E`) and the document shows the legal mention of the regime, in the
document's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.documents.errors import DocumentError
from core.i18n import N_, _

RATES: tuple[Decimal, ...] = (Decimal("21"), Decimal("12"), Decimal("6"), Decimal("0"))
DEFAULT_RATE = Decimal("21")
RENOVATION_RATE = Decimal("6")
ZERO = Decimal("0")

# EN 16931 VAT category codes (UNCL 5305 subset) a line may carry.
CATEGORIES = frozenset({"S", "Z", "E", "AE", "K", "G", "O", "L", "M"})
ZERO_CATEGORIES = frozenset({"Z", "E", "AE", "K", "G", "O"})

STANDARD = "standard"
RENOVATION = "renovation"
REVERSE_CHARGE = "reverse_charge"
INTRA_EU = "intra_eu"
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

    def category_for(self, rate: Decimal) -> str:
        """The EN 16931 category of a line at this rate under this regime."""
        if self.charges_vat:
            return "S" if rate > 0 else "Z"
        return self.category


REGIMES: dict[str, Regime] = {
    STANDARD: Regime(STANDARD, "S", True),
    RENOVATION: Regime(RENOVATION, "S", True),
    REVERSE_CHARGE: Regime(REVERSE_CHARGE, "AE", False, "VATEX-EU-AE", needs_customer_vat=True),
    INTRA_EU: Regime(
        INTRA_EU, "K", False, "VATEX-EU-IC", needs_customer_vat=True, needs_seller_vat=True
    ),
    EXPORT: Regime(EXPORT, "G", False, "VATEX-EU-G"),
    EXEMPT: Regime(EXEMPT, "E", False, "VATEX-EU-132"),
}

ALIASES = {
    "medecontractant": REVERSE_CHARGE,
    "cocontractant": REVERSE_CHARGE,
    "reverse-charge": REVERSE_CHARGE,
    "reversecharge": REVERSE_CHARGE,
    "intracommunity": INTRA_EU,
    "intra_community": INTRA_EU,
    "intra-eu": INTRA_EU,
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


# --- Legal mentions ----------------------------------------------------------------------------
# Our own wording of the Belgian rules, per document language.

_RENOVATION = {
    "nl": (
        "Verlaagd btw-tarief van 6 % voor de renovatie van een woning. Tenzij de klant dit "
        "binnen één maand na ontvangst van deze factuur schriftelijk betwist, erkent hij dat: "
        "(1) de woning voor het eerst in gebruik werd genomen in een kalenderjaar dat minstens "
        "tien jaar vóór de eerste factuur voor deze werken ligt; (2) de woning na de werken "
        "uitsluitend of hoofdzakelijk als privéwoning dient; (3) de werken aan hem als "
        "eindverbruiker worden geleverd en gefactureerd. Is een van deze voorwaarden niet "
        "vervuld, dan geldt het normale tarief van 21 % en is de klant verantwoordelijk voor de "
        "btw, de interesten en de boetes die daaruit volgen."
    ),
    "fr": (
        "Taux de TVA réduit de 6 % pour la rénovation d'un logement. Sauf contestation écrite "
        "dans le mois qui suit la réception de cette facture, le client reconnaît : (1) que le "
        "logement a été occupé pour la première fois au cours d'une année civile antérieure d'au "
        "moins dix ans à la première facture relative à ces travaux ; (2) qu'après les travaux, "
        "le logement sert exclusivement ou principalement d'habitation privée ; (3) que les "
        "travaux lui sont fournis et facturés en tant que consommateur final. Si l'une de ces "
        "conditions n'est pas remplie, le taux normal de 21 % s'applique et le client répond de "
        "la TVA, des intérêts et des amendes qui en résultent."
    ),
    "en": (
        "Reduced VAT rate of 6 % for the renovation of a dwelling. Unless the customer objects "
        "in writing within one month of receiving this invoice, the customer acknowledges that: "
        "(1) the dwelling was first occupied in a calendar year at least ten years before the "
        "first invoice for these works; (2) after the works the dwelling is used solely or "
        "mainly as a private home; (3) the works are supplied and invoiced to the customer as "
        "the final consumer. If any of these conditions is not met, the normal rate of 21 % "
        "applies and the customer is liable for the resulting VAT, interest and fines."
    ),
    "de": (
        "Ermäßigter MwSt.-Satz von 6 % für die Renovierung einer Wohnung. Sofern der Kunde nicht "
        "innerhalb eines Monats nach Erhalt dieser Rechnung schriftlich widerspricht, erkennt er "
        "an: (1) die Wohnung wurde erstmals in einem Kalenderjahr bezogen, das mindestens zehn "
        "Jahre vor der ersten Rechnung für diese Arbeiten liegt; (2) die Wohnung dient nach den "
        "Arbeiten ausschließlich oder hauptsächlich als Privatwohnung; (3) die Arbeiten werden "
        "ihm als Endverbraucher erbracht und in Rechnung gestellt. Ist eine dieser Bedingungen "
        "nicht erfüllt, gilt der Normalsatz von 21 %, und der Kunde haftet für die daraus "
        "geschuldete MwSt., Zinsen und Geldbußen."
    ),
}

_REVERSE_CHARGE = {
    "nl": ("Btw verlegd", "art. 20 KB nr. 1"),
    "fr": ("Autoliquidation", "art. 20 AR n° 1"),
    "en": ("Reverse charge", "art. 20 Royal Decree no. 1"),
    "de": ("Steuerschuldnerschaft des Leistungsempfängers", "Art. 20 KE Nr. 1"),
}

_INTRA_EU = {
    "nl": "Vrijgestelde intracommunautaire levering – art. 39bis WBTW",
    "fr": "Livraison intracommunautaire exemptée – art. 39bis CTVA",
    "en": "Exempt intra-Community supply – art. 39bis Belgian VAT Code",
    "de": "Steuerfreie innergemeinschaftliche Lieferung – Art. 39bis belg. MwStGB",
}

_EXPORT = {
    "nl": "Vrijgesteld van btw – uitvoer buiten de Europese Unie, art. 39 WBTW",
    "fr": "Exonération de TVA – exportation hors de l'Union européenne, art. 39 CTVA",
    "en": "VAT exempt – export outside the European Union, art. 39 Belgian VAT Code",
    "de": "Von der MwSt. befreit – Ausfuhr aus der Europäischen Union, Art. 39 belg. MwStGB",
}

_EXEMPT = {
    "nl": "Vrijgesteld van btw – art. {article} WBTW",
    "fr": "Exonération de TVA – art. {article} CTVA",
    "en": "VAT exempt – art. {article} Belgian VAT Code",
    "de": "Von der MwSt. befreit – Art. {article} belg. MwStGB",
}

DEFAULT_EXEMPT_ARTICLE = "44"


def _in(texts: dict[str, str], language: str) -> str:
    return texts.get(language) or texts["en"]


def legal_mentions(
    regime_id: str | None,
    language: str,
    *,
    article: str | None = None,
    legal_reference: bool = True,
) -> list[str]:
    """The sentences a document under this regime must show, in the document's language.

    `article` is the exemption article for `exempt` (default art. 44); `legal_reference`
    adds the legal basis to the reverse-charge mention.
    """
    found = regime(regime_id)
    if found.id == RENOVATION:
        return [_in(_RENOVATION, language)]
    if found.id == REVERSE_CHARGE:
        mention, reference = _REVERSE_CHARGE.get(language) or _REVERSE_CHARGE["en"]
        return [f"{mention} ({reference})" if legal_reference else mention]
    if found.id == INTRA_EU:
        return [_in(_INTRA_EU, language)]
    if found.id == EXPORT:
        return [_in(_EXPORT, language)]
    if found.id == EXEMPT:
        return [_in(_EXEMPT, language).format(article=article or DEFAULT_EXEMPT_ARTICLE)]
    return []
