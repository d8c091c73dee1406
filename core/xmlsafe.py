"""Parsing XML that comes from outside (an upload, a reply of another system), safely.

No document type declaration is accepted (so no entity, internal or external, can be
declared), nothing is fetched from the network or the disk, and a document that is not
well-formed raises `UnsafeXML` with the parser's reason instead of a bare parser error.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from core.i18n import _


class UnsafeXML(ValueError):
    """XML that is not well-formed or declares a document type; the message says why."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=False)


def parse_xml(data: bytes) -> etree._Element:
    """The root element of an XML document from outside; `UnsafeXML` when it is refused."""
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeXML(_("The XML cannot be read: %(reason)s") % {"reason": exc}) from None
    if root.getroottree().docinfo.doctype:
        raise UnsafeXML(_("The XML declares a document type, which is not accepted."))
    return root


DOCTYPE_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le",
                                                               "utf-16-be"))


def declares_doctype(chunks: Iterable[bytes]) -> bool:
    """Whether a stream of XML bytes holds a document type declaration (in any encoding
    an XML file may use), read chunk by chunk without keeping the whole."""
    tail = b""
    longest = max(len(mark) for mark in DOCTYPE_MARKS)
    for chunk in chunks:
        window = tail + chunk
        if any(mark in window for mark in DOCTYPE_MARKS):
            return True
        tail = window[-longest:]
    return False
