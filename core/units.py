"""Units of measure: UN/ECE Recommendation 20 codes, with their names in nl/fr/en/de.

Products and document lines store the code (`C62`, `HUR`, `KGM`, ...), which is what a
PEPPOL invoice carries; people read the name in the document's language (`stuk`, `heure`).
A free line may carry any unit typed by hand (`m²`, `u`): it is printed as typed, and
`find_unit` tells which code it stands for when one is needed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """One unit: its Rec 20 code, its symbol and its name per language."""

    code: str
    symbol: str
    names: dict[str, str]

    def label(self, language: str) -> str:
        """The unit's name in a language (English when missing)."""
        return self.names.get(language) or self.names["en"]


def _unit(code: str, symbol: str, nl: str, fr: str, en: str, de: str) -> Unit:
    return Unit(code, symbol, {"nl": nl, "fr": fr, "en": en, "de": de})


UNITS: dict[str, Unit] = {
    unit.code: unit
    for unit in (
        _unit("C62", "", "stuk", "pièce", "piece", "Stück"),
        _unit("HUR", "h", "uur", "heure", "hour", "Stunde"),
        _unit("MIN", "min", "minuut", "minute", "minute", "Minute"),
        _unit("DAY", "", "dag", "jour", "day", "Tag"),
        _unit("WEE", "", "week", "semaine", "week", "Woche"),
        _unit("MON", "", "maand", "mois", "month", "Monat"),
        _unit("ANN", "", "jaar", "an", "year", "Jahr"),
        _unit("KGM", "kg", "kilogram", "kilogramme", "kilogram", "Kilogramm"),
        _unit("GRM", "g", "gram", "gramme", "gram", "Gramm"),
        _unit("TNE", "t", "ton", "tonne", "tonne", "Tonne"),
        _unit("LTR", "l", "liter", "litre", "litre", "Liter"),
        _unit("MLT", "ml", "milliliter", "millilitre", "millilitre", "Milliliter"),
        _unit("MTR", "m", "meter", "mètre", "metre", "Meter"),
        _unit("CMT", "cm", "centimeter", "centimètre", "centimetre", "Zentimeter"),
        _unit("KMT", "km", "kilometer", "kilomètre", "kilometre", "Kilometer"),
        _unit("MTK", "m²", "vierkante meter", "mètre carré", "square metre", "Quadratmeter"),
        _unit("MTQ", "m³", "kubieke meter", "mètre cube", "cubic metre", "Kubikmeter"),
        _unit("KWH", "kWh", "kilowattuur", "kilowattheure", "kilowatt hour", "Kilowattstunde"),
        _unit("SET", "", "set", "ensemble", "set", "Satz"),
        _unit("PR", "", "paar", "paire", "pair", "Paar"),
        _unit("BX", "", "doos", "boîte", "box", "Schachtel"),
        _unit("PK", "", "pak", "paquet", "pack", "Packung"),
        _unit("LS", "", "forfait", "forfait", "lump sum", "Pauschale"),
    )
}
DEFAULT_UNIT = "C62"

#: What people type for a unit (in an import, say), mapped to its code.
_ALIASES = {
    "st": "C62", "stk": "C62", "pc": "C62", "pcs": "C62", "pce": "C62", "ea": "C62",
    "u": "HUR", "hr": "HUR", "hrs": "HUR", "h": "HUR",
    "kilo": "KGM", "kg": "KGM", "g": "GRM", "l": "LTR", "lt": "LTR", "ml": "MLT",
    "m": "MTR", "cm": "CMT", "km": "KMT", "m2": "MTK", "m²": "MTK", "m3": "MTQ", "m³": "MTQ",
    "kwh": "KWH", "d": "DAY",
}


def find_unit(text: str) -> Unit | None:
    """The unit a code, a symbol or a name in any language stands for; None if unknown."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    found = UNITS.get(cleaned.upper())
    if found is not None:
        return found
    lowered = cleaned.lower().rstrip(".")
    if lowered in _ALIASES:
        return UNITS[_ALIASES[lowered]]
    for unit in UNITS.values():
        if lowered in (name.lower() for name in unit.names.values()):
            return unit
    return None


def unit_label(code: str, language: str) -> str:
    """How a unit code reads in a language; an unknown code is shown as it is."""
    unit = UNITS.get(code)
    return unit.label(language) if unit is not None else code


def choices(language: str) -> list[tuple[str, str]]:
    """(code, name) of every unit, for a select field."""
    return [(unit.code, unit.label(language)) for unit in UNITS.values()]
