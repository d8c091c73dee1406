"""Printed output: the document view, PDF rendering and the SEPA payment QR code."""
