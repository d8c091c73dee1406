"""Developer tools run with `python -m core.tools.<name>`."""
