"""Why a document cannot become an e-invoice, in words for the person who asked."""

from __future__ import annotations

from addons.peppol.translation import N_


class PeppolError(ValueError):
    """The e-invoice cannot be made or sent; the message says why and what to do."""


MSG_NOT_POSTED = N_("Only a posted document can be sent as an e-invoice.")
MSG_NOT_SALE = N_("Only invoices and credit notes can be sent as e-invoices.")
MSG_SELLER_VAT = N_(
    "Enter your company's VAT number in the company settings before sending e-invoices."
)
MSG_SELLER_VAT_BAD = N_("Your company's VAT number %(vat)s is not valid: %(reason)s")
MSG_BUYER_ADDRESS = N_(
    "Customer %(name)s cannot receive e-invoices through PEPPOL: %(reason)s. Send the PDF "
    "instead, or enter the customer's VAT number."
)
MSG_NO_INVOICE = N_("A credit note sent as an e-invoice must name the invoice it credits.")
MSG_RULES = N_("The e-invoice of %(number)s breaks these rules: %(rules)s")
MSG_NO_FOLDER = N_(
    "Choose the folder for e-invoices in the settings of the PEPPOL app before sending."
)
MSG_NO_NUMBER = N_("The e-invoice has no number (cbc:ID).")
MSG_FOLDER = N_("The e-invoice could not be written to %(folder)s: %(reason)s")
