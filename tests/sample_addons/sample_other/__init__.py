"""Sample addon sample_other for the runtime tests."""
