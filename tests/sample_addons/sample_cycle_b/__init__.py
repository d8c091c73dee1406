"""Sample addon sample_cycle_b for the runtime tests."""
