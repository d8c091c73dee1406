"""Page templates: is compiling output escaping to plain strings worth a private Jinja API?

The customers and invoices lists (50 rows each) are loaded by a logged-in user from two
apps on the same SQLite database: "page" renders with the environment `core.web.templating`
builds (stock Jinja and its i18n extension); "compiled" adds what the page environment did
until it was measured here, a subclass of Jinja's code generator (a private method) that
escapes each value with markupsafe's private `_escape_inner` to a plain string. The private
variant would have to save at least 20 % of a page. Rounds
alternate between the variants so that a busy machine weighs on all alike; each page
reports the median CPU time per request (the process's own: client and app run in it) of
every round, then the median of those.

Run: `.venv/bin/python bench/jinja_output.py [--rounds 7] [--requests 150] [--rows 2000]`.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from jinja2 import (  # noqa: E402
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.compiler import CodeGenerator  # noqa: E402
from markupsafe import _escape_inner  # noqa: E402

from core.web import templating  # noqa: E402

VARIANTS = ("compiled", "page")
PAGES = ("/customers", "/documents/invoice")
CSRF = re.compile(r'(csrf_token" value="|"X-CSRF-Token": ")[^"]+')


def escape_output(value: Any) -> str:
    """`value` as HTML text, as `markupsafe.escape` writes it, but as a plain string."""
    if type(value) is str:
        return _escape_inner(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    return _escape_inner(str(value))


class _Generator(CodeGenerator):
    """Compiles the values of an autoescaped template's output to `escape_output` (Jinja's
    private code-generator method and markupsafe's private escape: what was measured)."""

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_output(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class CompiledEnvironment(Environment):
    """The page environment with output escaping compiled to plain strings."""

    code_generator_class = _Generator

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.escape_output = escape_output


def compiled_environment(templates: Any, theme: str, active: frozenset[str]) -> Any:
    """The environment of `templates` with output escaping compiled to plain strings."""
    built = templating.Templates._build(templates, theme, active)
    env = CompiledEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in templates.folders(theme, active)]),
        autoescape=select_autoescape(("html", "xml"), default_for_string=True),
        undefined=StrictUndefined, extensions=["jinja2.ext.i18n"],
        trim_blocks=True, lstrip_blocks=True,
    )
    env.globals.update(built.globals)
    env.filters.update({k: v for k, v in built.filters.items() if k not in env.filters})
    return env


def client_for(url: str, email: str, password: str, variant: str) -> Any:
    """A logged-in test client of an app on `url`, rendering with the variant's Jinja."""
    from functools import lru_cache

    from starlette.testclient import TestClient

    from core.app import Facturo
    from core.config import Settings
    from core.testing.web import log_in

    app = Facturo(Settings(database_url=url, secret_key="bench"))
    templates = app.web.state.templates
    if variant == "compiled":
        templates.environment = lru_cache(maxsize=128)(
            lambda theme, active: compiled_environment(templates, theme, active))
    client = TestClient(app.web, base_url="https://testserver")
    client.__enter__()
    log_in(client, email, password)
    return client


def round_median(client: Any, path: str, count: int) -> float:
    """Median CPU milliseconds of this process for one of `count` GETs of a page (CPU time,
    not wall time, so that other work on a shared machine weighs less)."""
    times = []
    for _ in range(count):
        start = time.process_time()
        response = client.get(path)
        times.append(time.process_time() - start)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=150)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    import list_pages

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FACTURO_VAR_DIR"] = tmp
        url = f"sqlite:///{tmp}/bench.db"
        list_pages.prepare(url, args.rows)
        clients = {name: client_for(url, list_pages.EMAIL, list_pages.PASSWORD, name)
                   for name in VARIANTS}
        first = {name: {p: CSRF.sub("", c.get(p).text) for p in PAGES}
                 for name, c in clients.items()}
        for name in VARIANTS:
            assert first[name] == first["page"], f"{name} writes different pages"
        results: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.rounds):
            for path in PAGES:
                for name, client in clients.items():
                    round_median(client, path, 10)  # warm up
                    results.setdefault((name, path), []).append(
                        round_median(client, path, args.requests))
        for path in PAGES:
            ms = {name: statistics.median(results[name, path]) for name in VARIANTS}
            print(f"GET {path}: median of {args.rounds} rounds of {args.requests} requests")
            for name in VARIANTS:
                print(f"  {name:7} {ms[name]:6.2f} ms  "
                      f"(compiled escaping saves "
                      f"{(ms[name] - ms['compiled']) / ms[name] * 100:+.1f} %)")


if __name__ == "__main__":
    main()
