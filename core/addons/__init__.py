"""The addon runtime: discovery, manifests, the catalogue, per-tenant activation and dispatch."""
