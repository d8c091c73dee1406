"""A sample addon with web routes, a menu entry, a template and settings of every type."""
