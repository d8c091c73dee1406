"""E-mail: the outbox, per-tenant SMTP settings and templates, and the SMTP sender."""
