"""A sample addon that adds a command to the `facturo` command line."""
