"""`facturo serve` and `facturo demo`: run the web application, seed the demo tenant."""

from __future__ import annotations

from typing import Any

import typer

from core.app import Facturo
from core.cli.output import console, done
from core.cli.state import current_app
from core.demo import DEMO_URL, seed_demo
from core.outbox.worker import Worker
from core.web.application import ready_to_serve


def create_web_app() -> Any:
    """The ASGI application of a Facturo built from the environment (uvicorn factory)."""
    return ready_to_serve(Facturo().web)


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    reload: bool = typer.Option(False, help="Restart when the code changes (development)."),
    with_worker: bool = typer.Option(
        False, help="Run one worker (outbox, scheduled jobs, e-mail) beside the server."),
) -> None:
    """Serve the web application with uvicorn."""
    runner = None
    if with_worker:
        runner = Worker(current_app())
        runner.start_thread()
        console.print(f"worker {runner.id} runs beside the server", soft_wrap=True)
    try:
        _serve(host, port, reload)
    finally:
        if runner is not None:
            runner.stop()


def _serve(host: str, port: int, reload: bool) -> None:
    import uvicorn

    console.print(f"Facturo on [bold]http://{host}:{port}[/]")
    settings = current_app().settings
    if not settings.public_url:
        console.print("[yellow]FACTURO_PUBLIC_URL is not set: password links and invitations "
                      "are refused until it is.[/]", soft_wrap=True)
    if settings.platform_mail is None:
        console.print("[yellow]FACTURO_MAIL_HOST is not set: password links and invitations "
                      "cannot be mailed.[/]", soft_wrap=True)
    if reload:
        uvicorn.run(
            "core.cli.serve:create_web_app", factory=True, host=host, port=port, reload=True,
            proxy_headers=False,
        )
    else:
        # forwarded headers are read by the application, from FACTURO_TRUSTED_PROXIES only
        uvicorn.run(ready_to_serve(current_app().web), host=host, port=port,
                    proxy_headers=False)


def demo(
    url: str = typer.Option(DEMO_URL, help="Where the demo is served, for the message."),
) -> None:
    """Create (or complete) the demo tenant and its owner; safe to run again."""
    result = seed_demo(current_app())
    done(f"demo tenant {result.tenant.name!r} ({result.tenant.slug}) is ready")
    if result.addons:
        console.print("Apps on: " + ", ".join(result.addons))
    console.print(
        f"Open [bold]{url}[/] and log in as [bold]{result.email}[/] "
        f"with password [bold]{result.password}[/]",
        soft_wrap=True,
    )


def register(cli: typer.Typer) -> None:
    """Add `serve` and `demo` to the root command."""
    cli.command()(serve)
    cli.command()(demo)
