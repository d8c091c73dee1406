"""Contacts: customers and suppliers, their persons, addresses and extra data."""
