"""Sample addon for the documents tests: two kinds and one implementation of each hook."""
