"""The pytest kit for Facturo and its addons: a real database, an app, tenants, a web client."""
