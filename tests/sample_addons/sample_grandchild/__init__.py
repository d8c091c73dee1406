"""Sample addon sample_grandchild for the runtime tests."""
