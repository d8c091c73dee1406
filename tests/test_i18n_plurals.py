"""Counts follow each language's own plural rule, through the merged catalogs (core and
addons): French says "8 résultats", "0 résultat", "1 000 000 de résultats"."""

from __future__ import annotations

import pytest

from core.i18n import ngettext, translations


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0 résultat"), (1, "1 résultat"), (2, "2 résultats"), (8, "8 résultats"),
    (1_000_000, "1000000 de résultats"),
])
def test_french_counts_use_the_french_plural_rule(n, expected):
    assert ngettext("%(num)d result", "%(num)d results", n, "fr") % {"num": n} == expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_dutch_and_english_have_one_and_many(language):
    counts = [translations(language).plural(n) for n in (0, 1, 2, 8)]
    assert counts == [1, 0, 1, 1]
