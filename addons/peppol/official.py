"""The official rules of an e-invoice: the OASIS UBL 2.1 schemas, the CEN EN 16931 business
rules and the PEPPOL BIS Billing 3.0 rules, run as published.

The rules are the compiled XSLT 2.0 artefacts of one release each (`RULE_SETS`), run by Saxon
(`saxonche`); each stylesheet is compiled once per process and kept. Their folder is found in
this order: `$FACTURO_PEPPOL_RULES`, then a `shared/schemas` folder beside the checkout (or
beside one of its parent folders). No Python package on PyPI ships these releases, so where
neither exists every check is refused with `RulesNotFound` rather than passed.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from addons.peppol.errors import PeppolError
from addons.peppol.translation import N_, _
from core.api import PROJECT_ROOT

RULES_ENV = "FACTURO_PEPPOL_RULES"
#: The rule sets run on every e-invoice, in order: (name, path in the rules folder).
RULE_SETS = (
    ("EN 16931 1.3.16", "en16931-1.3.16/EN16931-UBL-validation.xslt"),
    ("PEPPOL BIS Billing 3.0.21", "peppol-bis-3.0.21/PEPPOL-EN16931-UBL.xslt"),
)
SCHEMAS = {
    "Invoice": "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
    "CreditNote": "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
}
SVRL = "http://purl.oclc.org/dsdl/svrl"
FATAL = "fatal"
WARNING = "warning"
SCHEMA_RULE = "UBL-XSD"

MSG_NOT_FOUND = N_(
    "The official PEPPOL rules were not found (looked in %(places)s): set %(env)s to the "
    "folder that holds them. No e-invoice is passed unchecked."
)
MSG_NOT_UBL = N_("This is not a UBL invoice or credit note: %(reason)s")

_lock = threading.Lock()


class RulesNotFound(PeppolError):
    """The official rules are not on this machine; nothing can be checked."""


@dataclass(frozen=True)
class Finding:
    """One failed rule: its id (`BR-CO-15`, `PEPPOL-EN16931-R010`), how bad, what it says,
    and where in the document (an XPath)."""

    rule: str
    flag: str
    text: str
    location: str = ""

    @property
    def fatal(self) -> bool:
        """Whether the finding makes the document invalid (a warning does not)."""
        return self.flag != WARNING

    def __str__(self) -> str:
        return f"[{self.rule}] {self.text}"


@dataclass(frozen=True)
class Report:
    """What the official rules say of one document."""

    findings: tuple[Finding, ...]

    @property
    def fatal(self) -> list[Finding]:
        """The findings that make the document invalid."""
        return [finding for finding in self.findings if finding.fatal]

    @property
    def warnings(self) -> list[Finding]:
        """Advice: the document stays valid."""
        return [finding for finding in self.findings if not finding.fatal]

    @property
    def valid(self) -> bool:
        """No fatal finding: the schemas and every rule set pass."""
        return not self.fatal


def _candidates() -> list[Path]:
    configured = os.environ.get(RULES_ENV, "").strip()
    if configured:
        return [Path(configured)]
    return [parent / "shared" / "schemas" for parent in PROJECT_ROOT.parents]


def _complete(folder: Path) -> bool:
    needed = [path for _name, path in RULE_SETS] + list(SCHEMAS.values())
    return all((folder / path).is_file() for path in needed)


def rules_folder() -> Path:
    """The folder holding the official rules; `RulesNotFound` when there is none."""
    candidates = _candidates()
    for folder in candidates:
        if _complete(folder):
            return folder
    places = ", ".join(str(folder) for folder in candidates[:3])
    raise RulesNotFound(_(MSG_NOT_FOUND) % {"places": places, "env": RULES_ENV})


@cache
def _processor() -> Any:
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@cache
def _stylesheet(path: Path) -> Any:
    """A compiled rule set (about half a second; once per process and path)."""
    compiler = _processor().new_xslt30_processor()
    return compiler.compile_stylesheet(stylesheet_file=str(path))


@cache
def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path)))


def _svrl_findings(svrl: str) -> list[Finding]:
    root = etree.fromstring(svrl.encode("utf-8"))
    findings = []
    for failed in root.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        rule = failed.get("id") or ""
        text = " ".join("".join(failed.itertext()).split()).removeprefix(f"[{rule}]-")
        findings.append(Finding(rule, failed.get("flag") or FATAL, text,
                                failed.get("location") or ""))
    return findings


def _parse(xml: bytes) -> etree._Element:
    try:
        return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise PeppolError(_(MSG_NOT_UBL) % {"reason": exc}) from None


def check(xml: bytes, folder: Path | None = None) -> Report:
    """Run the UBL schema and every official rule set on one document.

    A document that breaks the schema is not run through the business rules (they assume a
    well-formed UBL document): its report holds the schema errors only.
    """
    folder = folder or rules_folder()
    root = _parse(xml)
    kind = etree.QName(root).localname
    if kind not in SCHEMAS:
        raise PeppolError(_(MSG_NOT_UBL) % {"reason": kind})
    schema = _schema(folder / SCHEMAS[kind])
    if not schema.validate(root):
        return Report(tuple(Finding(SCHEMA_RULE, FATAL, error.message, f"line {error.line}")
                            for error in schema.error_log))
    findings: list[Finding] = []
    with _lock:
        document = _processor().parse_xml(xml_text=xml.decode("utf-8"))
        for _name, path in RULE_SETS:
            svrl = _stylesheet(folder / path).transform_to_string(xdm_node=document)
            findings.extend(_svrl_findings(svrl))
    return Report(tuple(findings))
