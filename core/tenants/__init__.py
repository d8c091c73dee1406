"""Tenants (companies), users and their memberships."""
