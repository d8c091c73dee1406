"""Glue between cash receipts and payments: switched on by itself when both are on."""
