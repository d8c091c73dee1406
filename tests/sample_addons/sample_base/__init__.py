"""Sample addon sample_base for the runtime tests."""
