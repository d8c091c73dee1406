"""A sample addon whose command registration fails."""
