"""Sample addon sample_import_error for the runtime tests."""
