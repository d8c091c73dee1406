"""Runs the shell steps of docs/addons.md in a fresh process, as a developer would type them.

`python guide_driver.py WORKDIR COMMAND...`: each `facturo ...` command goes through the real
command line (`core.cli.main.build_cli`), each `pytest ...` through `pytest.main`, in
WORKDIR. The environment names the database and the folder for variable data; the example
addon is importable and declared through an entry point. Exit status 0 when every step
succeeded; otherwise the failing step's output.
"""

from __future__ import annotations

import os
import shlex
import sys

import pytest
from typer.testing import CliRunner

from core.cli.main import build_cli


def run(command: str) -> tuple[int, str]:
    """Run one step; (exit status, output)."""
    program, *args = shlex.split(command)
    if program == "facturo":
        result = CliRunner().invoke(build_cli(), args)
        return result.exit_code, result.output
    if program == "pytest":
        return int(pytest.main([*args, "-q", "-p", "no:cacheprovider"])), ""
    return 2, f"unknown program {program!r}"


def main(argv: list[str]) -> int:
    """Run every command in order; stop at the first that fails."""
    workdir, *commands = argv
    os.chdir(workdir)
    for command in commands:
        status, output = run(command)
        print(f"$ {command}\n{output}", flush=True)
        if status != 0:
            print(f"!!! exit status {status}", flush=True)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
