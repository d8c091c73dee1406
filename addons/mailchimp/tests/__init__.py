"""Tests of the MailChimp addon."""
