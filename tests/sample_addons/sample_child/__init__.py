"""Sample addon sample_child for the runtime tests."""
