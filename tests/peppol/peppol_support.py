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
