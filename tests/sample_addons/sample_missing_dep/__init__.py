"""Sample addon sample_missing_dep for the runtime tests."""
