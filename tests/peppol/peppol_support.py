"""Reading UBL documents in the PEPPOL tests."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from addons.peppol.ubl import CAC, CBC

NS = {"cac": CAC, "cbc": CBC}


def parse(xml: bytes) -> etree._Element:
    """The root element of a UBL document."""
    return etree.fromstring(xml)


def texts(root: etree._Element, path: str) -> list[str]:
    """The texts of every element at an XPath (cac:/cbc: prefixes)."""
    return [element.text or "" for element in root.xpath(path, namespaces=NS)]


def text(root: etree._Element, path: str) -> str:
    """The text of the one element at an XPath."""
    found = texts(root, path)
    assert len(found) == 1, f"{path}: {len(found)} elements"
    return found[0]


def amount(root: etree._Element, path: str) -> Decimal:
    """The amount at an XPath."""
    return Decimal(text(root, path))


def official_fatal(xml: bytes) -> list[str]:
    """The fatal findings of the official rules (UBL 2.1 schema, EN 16931, PEPPOL BIS) on a
    UBL document, as `[RULE] text`; empty when it passes."""
    from addons.peppol.official import check

    return [str(finding) for finding in check(xml).fatal]


def assert_official_rules_pass(xml: bytes) -> None:
    """Fail with every fatal finding unless the official rules pass the UBL document.

    Any test that writes UBL can use it: `from peppol.peppol_support import
    assert_official_rules_pass` (`tests/` is on the test path)."""
    fatal = official_fatal(xml)
    assert not fatal, "the official rules reject the e-invoice:\n" + "\n".join(fatal)
