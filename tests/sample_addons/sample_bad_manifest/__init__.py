"""Sample addon sample_bad_manifest for the runtime tests."""
