"""Greetings: a third-party Facturo addon kept outside Facturo's repository."""
