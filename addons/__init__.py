"""Facturo's built-in addons; each sub-package follows the same contract as third-party ones."""
