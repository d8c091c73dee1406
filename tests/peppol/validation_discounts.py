"""The UBL 2.1 schemas and the official EN 16931 and PEPPOL BIS Billing 3.0 rules (XSLT), from
the first `shared/schemas` beside the checkout or above it, run with lxml and saxonche; each
schema and stylesheet is compiled once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from core.paths import PROJECT_ROOT

SCHEMAS = next(
    (folder / "shared" / "schemas" for folder in Path(PROJECT_ROOT).resolve().parents
     if (folder / "shared" / "schemas").is_dir()),
    Path(PROJECT_ROOT).parent / "shared" / "schemas",
)
STYLESHEETS = (
    SCHEMAS / "en16931-1.3.16" / "EN16931-UBL-validation.xslt",
    SCHEMAS / "peppol-bis-3.0.21" / "PEPPOL-EN16931-UBL.xslt",
)
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


@cache
def _processor():  # type: ignore[no-untyped-def]
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@cache
def _executable(path: Path):  # type: ignore[no-untyped-def]
    return _processor().new_xslt30_processor().compile_stylesheet(stylesheet_file=str(path))


@cache
def _schema(kind: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "ubl-2.1" / "maindoc" /
                                           f"UBL-{kind}-2.1.xsd")))


def schema_errors(xml: bytes) -> list[str]:
    """What the UBL 2.1 schema of the document's kind refuses; empty when valid."""
    root = etree.fromstring(xml)
    schema = _schema(etree.QName(root).localname)
    return [] if schema.validate(root) else [str(e) for e in schema.error_log]


def official_errors(xml: bytes) -> list[str]:
    """Every fatal failed assertion of both rule sets, as `id: text`; empty when valid."""
    errors = []
    node = _processor().parse_xml(xml_text=xml.decode("utf-8"))
    for path in STYLESHEETS:
        report = _executable(path).transform_to_string(xdm_node=node)
        root = etree.fromstring(report.encode("utf-8"))
        for failed in root.xpath("//svrl:failed-assert", namespaces=SVRL):
            if failed.get("flag", "fatal") == "fatal":
                message = " ".join(failed.xpath("string(svrl:text)", namespaces=SVRL).split())
                errors.append(f"{failed.get('id')}: {message}")
    return errors
