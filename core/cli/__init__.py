"""The `facturo` command line: serve, migrate, manage tenants and addons, scaffold addons.

Addons add their own commands with the `facturo_cli(app)` hook; inside a command,
`core.cli.state.current_app()` gives the Facturo application.
"""
