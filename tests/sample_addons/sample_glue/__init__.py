"""Sample addon sample_glue for the runtime tests."""
