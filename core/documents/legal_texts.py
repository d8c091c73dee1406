"""The legal texts of the Belgian VAT regimes, per document language (nl, fr, en, de).

Each regime that needs a mention has a `LegalText`: the mention the law asks for (also what
the VAT column shows under reverse charge), its legal basis in the Belgian VAT code (WBTW /
Code de la TVA, CTVA), its royal decrees (KB / AR) and the VAT directive 2006/112/EC, and the
sentence the customer is held to unless contesting it in writing within one month, where
the law prescribes one (domestic reverse charge: art. 20, § 3 KB nr. 1; 6 % renovation:
KB nr. 20, tabel A, rubriek XXXI). Dutch and French are the wording of the decrees; English
and German are translations for customers who read neither.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LegalText:
    """A regime's mention in one language: label, legal basis and the customer's sentence."""

    label: str
    basis: str  # may hold `{article}` (exempt supplies)
    sentence: str = ""

    def short(self, article: str = "") -> str:
        """The mention with its legal basis: "Autoliquidation – art. 20 AR n° 1"."""
        return f"{self.label} – {self.basis.format(article=article)}"

    def full(self, article: str = "", *, legal_reference: bool = True) -> str:
        """What the document prints: the mention, its basis and the customer's sentence."""
        head = self.short(article) if legal_reference else self.label
        return f"{head}. {self.sentence}" if self.sentence else head


REVERSE_CHARGE = {
    "nl": LegalText(
        "Verlegging van heffing",
        "art. 20 KB nr. 1",
        "Bij gebrek aan schriftelijke betwisting binnen een termijn van één maand vanaf de "
        "ontvangst van de factuur, wordt de klant geacht te erkennen dat hij een "
        "belastingplichtige is gehouden tot het indienen van periodieke aangiften. Als die "
        "voorwaarde niet vervuld is, is de klant ten aanzien van die voorwaarde aansprakelijk "
        "voor de betaling van de verschuldigde belasting, interesten en geldboeten.",
    ),
    "fr": LegalText(
        "Autoliquidation",
        "art. 20 AR n° 1",
        "En l'absence de contestation par écrit, dans un délai d'un mois à compter de la "
        "réception de la facture, le client est présumé reconnaître qu'il est un assujetti "
        "tenu au dépôt de déclarations périodiques. Si cette condition n'est pas remplie, le "
        "client endossera, par rapport à cette condition, la responsabilité quant au paiement "
        "de la taxe, des intérêts et des amendes dus.",
    ),
    "en": LegalText(
        "Reverse charge",
        "art. 20 Royal Decree no. 1",
        "Unless the customer contests it in writing within one month of receiving the "
        "invoice, the customer is deemed to acknowledge being a taxable person required to "
        "file periodic VAT returns. If that condition is not met, the customer is liable, "
        "with regard to that condition, for the payment of the VAT, interest and fines due.",
    ),
    "de": LegalText(
        "Steuerschuldnerschaft des Leistungsempfängers",
        "Art. 20 KE Nr. 1",
        "Ohne schriftliche Beanstandung binnen einem Monat ab Erhalt der Rechnung erkennt der "
        "Kunde an, ein Steuerpflichtiger zu sein, der periodische Erklärungen abgeben muss. "
        "Ist diese Bedingung nicht erfüllt, haftet der Kunde in Bezug auf diese Bedingung für "
        "die Zahlung der geschuldeten Steuer, Zinsen und Geldbußen.",
    ),
}

INTRA_EU_SERVICES = {
    "nl": LegalText(
        "Verlegging van heffing",
        "art. 21, § 2 WBTW en art. 196 Richtlijn 2006/112/EG",
        "Dienst verricht voor een belastingplichtige in een andere lidstaat: de afnemer is de "
        "btw verschuldigd.",
    ),
    "fr": LegalText(
        "Autoliquidation",
        "art. 21, § 2 CTVA et art. 196 directive 2006/112/CE",
        "Prestation de services à un assujetti d'un autre État membre : la TVA est due par le "
        "preneur.",
    ),
    "en": LegalText(
        "Reverse charge",
        "art. 21 § 2 Belgian VAT Code and art. 196 Directive 2006/112/EC",
        "Service supplied to a taxable person in another member state: the customer is liable "
        "for the VAT.",
    ),
    "de": LegalText(
        "Steuerschuldnerschaft des Leistungsempfängers",
        "Art. 21 § 2 belg. MwStGB und Art. 196 Richtlinie 2006/112/EG",
        "Dienstleistung an einen Steuerpflichtigen in einem anderen Mitgliedstaat: die Steuer "
        "schuldet der Leistungsempfänger.",
    ),
}

INTRA_EU_GOODS = {
    "nl": LegalText("Vrijgestelde intracommunautaire levering",
                    "art. 39bis, eerste lid, 1° WBTW en art. 138 Richtlijn 2006/112/EG"),
    "fr": LegalText("Livraison intracommunautaire exemptée",
                    "art. 39bis, alinéa 1er, 1° CTVA et art. 138 directive 2006/112/CE"),
    "en": LegalText("Exempt intra-Community supply of goods",
                    "art. 39bis, first paragraph, 1° Belgian VAT Code and art. 138 Directive "
                    "2006/112/EC"),
    "de": LegalText("Steuerfreie innergemeinschaftliche Lieferung",
                    "Art. 39bis Abs. 1 Nr. 1 belg. MwStGB und Art. 138 Richtlinie 2006/112/EG"),
}

EXPORT = {
    "nl": LegalText("Vrijgestelde uitvoer buiten de Europese Unie",
                    "art. 39, § 1 WBTW en art. 146 Richtlijn 2006/112/EG"),
    "fr": LegalText("Exportation exemptée hors de l'Union européenne",
                    "art. 39, § 1er CTVA et art. 146 directive 2006/112/CE"),
    "en": LegalText("Exempt export outside the European Union",
                    "art. 39 § 1 Belgian VAT Code and art. 146 Directive 2006/112/EC"),
    "de": LegalText("Steuerfreie Ausfuhr aus der Europäischen Union",
                    "Art. 39 § 1 belg. MwStGB und Art. 146 Richtlinie 2006/112/EG"),
}

EXEMPT = {
    "nl": LegalText("Vrijgesteld van btw", "art. {article} WBTW"),
    "fr": LegalText("Exonération de TVA", "art. {article} CTVA"),
    "en": LegalText("VAT exempt", "art. {article} Belgian VAT Code"),
    "de": LegalText("Von der MwSt. befreit", "Art. {article} belg. MwStGB"),
}

RENOVATION = {
    "nl": LegalText(
        "Btw-tarief van 6 % voor de renovatie van een woning",
        "KB nr. 20, tabel A, rubriek XXXI",
        "Bij gebrek aan schriftelijke betwisting binnen een termijn van één maand vanaf de "
        "ontvangst van de factuur, wordt de klant geacht te erkennen dat (1) de werken worden "
        "verricht aan een woning waarvan de eerste ingebruikneming heeft plaatsgevonden in een "
        "kalenderjaar dat ten minste tien jaar voorafgaat aan de datum van de eerste factuur met "
        "betrekking tot die werken, (2) de woning, na uitvoering van die werken, uitsluitend of "
        "hoofdzakelijk als privéwoning wordt gebruikt en (3) de werken worden verstrekt en "
        "gefactureerd aan een eindverbruiker. Wanneer minstens één van die voorwaarden niet "
        "voldaan is, zal het normale btw-tarief van 21 % van toepassing zijn en is de afnemer "
        "ten aanzien van die voorwaarden aansprakelijk voor de betaling van de verschuldigde "
        "belasting, interesten en geldboeten.",
    ),
    "fr": LegalText(
        "Taux de TVA de 6 % pour la rénovation d'une habitation",
        "AR n° 20, tableau A, rubrique XXXI",
        "En l'absence de contestation par écrit, dans un délai d'un mois à compter de la "
        "réception de la facture, le client est présumé reconnaître que (1) les travaux sont "
        "effectués à un bâtiment d'habitation dont la première occupation a eu lieu au cours "
        "d'une année civile qui précède d'au moins dix ans la date de la première facture "
        "relative à ces travaux, (2) qu'après l'exécution de ces travaux, l'habitation est "
        "utilisée, soit exclusivement soit à titre principal comme logement privé et (3) que "
        "ces travaux sont fournis et facturés à un consommateur final. Si au moins une de ces "
        "conditions n'est pas remplie, le taux normal de TVA de 21 % sera applicable et le "
        "client endossera, par rapport à ces conditions, la responsabilité quant au paiement "
        "de la taxe, des intérêts et des amendes dus.",
    ),
    "en": LegalText(
        "VAT rate of 6 % for the renovation of a dwelling",
        "Royal Decree no. 20, table A, heading XXXI",
        "Unless the customer contests it in writing within one month of receiving the "
        "invoice, the customer is deemed to acknowledge that (1) the works are carried out on "
        "a dwelling first occupied in a calendar year at least ten years before the date of "
        "the first invoice for these works, (2) after the works the dwelling is used solely or "
        "mainly as a private home and (3) the works are supplied and invoiced to a final "
        "consumer. If at least one of these conditions is not met, the normal VAT rate of "
        "21 % applies and the customer is liable, with regard to these conditions, for the "
        "payment of the VAT, interest and fines due.",
    ),
    "de": LegalText(
        "MwSt.-Satz von 6 % für die Renovierung einer Wohnung",
        "KE Nr. 20, Tabelle A, Rubrik XXXI",
        "Ohne schriftliche Beanstandung binnen einem Monat ab Erhalt der Rechnung erkennt der "
        "Kunde an, dass (1) die Arbeiten an einer Wohnung ausgeführt werden, die erstmals in "
        "einem Kalenderjahr bezogen wurde, das mindestens zehn Jahre vor dem Datum der ersten "
        "Rechnung für diese Arbeiten liegt, (2) die Wohnung nach den Arbeiten ausschließlich "
        "oder hauptsächlich als Privatwohnung genutzt wird und (3) die Arbeiten einem "
        "Endverbraucher erbracht und in Rechnung gestellt werden. Ist mindestens eine dieser "
        "Bedingungen nicht erfüllt, gilt der Normalsatz von 21 % und haftet der Kunde in "
        "Bezug auf diese Bedingungen für die Zahlung der geschuldeten Steuer, Zinsen und "
        "Geldbußen.",
    ),
}
