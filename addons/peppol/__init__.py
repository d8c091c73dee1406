"""PEPPOL e-invoicing: UBL 2.1 invoices and credit notes per PEPPOL BIS Billing 3.0.

Every posted invoice and credit note can be downloaded as an e-invoice (with its PDF inside)
from `/apps/peppol/documents/<id>.xml` and sent through a transport; the one built in drops
each e-invoice into a folder watched by the tenant's access point.
"""
