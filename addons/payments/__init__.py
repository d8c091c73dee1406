"""Payments (Betalingen / Paiements): accounts, payments, bank matching, receivables, reminders.

Services are plain functions taking a `core.context.Context`: `accounts` (payment accounts
and the cash book), `service` (recording and allocating payments), `matching` (bank lines and
the structured communication), `receivables` (open and overdue invoices), `reminders`
(the scheduled reminder job).
"""
