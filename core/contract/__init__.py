"""The types of the addon contract: what hooks receive and what they return.

These modules depend on nothing else in Facturo, so `core.hookspecs` can name every
parameter and return type without an import loop. Addons import the names from `core.api`.
"""
