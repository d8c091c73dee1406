"""Sample addon sample_cycle_a for the runtime tests."""
