"""Documents: invoices, credit notes and the kinds addons add; lines, VAT, totals, posting.

Services are plain functions taking a `core.context.Context`; see `service`, `lines`,
`credit` and `convert`.
"""
