"""A glue addon for the deposits tests: records every `deposit_moved` call."""
