"""``madoguchi web``: the phone status page, the congestion page and JSON, web tickets and near-turn alerts.

FastAPI on uvicorn, Jinja2 templates, the same SQLite file as the kiosk and counters, through the core engine.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from shared.alerts.channels import AlertChannel
from shared.alerts.runner import AlertRunner
from shared.config import OfficeConfig, load_config
from shared.errors import DiskFullError, MadoguchiError, NotFoundError, StorageError, run_main
from shared.i18n import LANGS
from shared.office import current_config
from shared.storage.target import DbTarget, parse_target
from shared.timeutil import now_tokyo
from shared.web.api import build_api, build_misc
from shared.web.context import WebContext
from shared.web.errors import WebError
from shared.web.guard import BACKLOG, KEEP_ALIVE_S, GuardedH11Protocol, log_config
from shared.web.i18n import negotiate, tr
from shared.web.pages import build_pages
from shared.web.rendering import STATIC, page_context, render
from shared.web.security import LANG_COOKIE, SecurityMiddleware

log = logging.getLogger("madoguchi.web")


def _lang_for_error(request: Request) -> str:
    q = request.query_params.get("lang")
    if q in LANGS:
        return str(q)
    c = request.cookies.get(LANG_COOKIE)
    if c in LANGS:
        return str(c)
    return negotiate(request.headers.get("accept-language"))


def _error_response(
    ctx: WebContext,
    request: Request,
    status: int,
    key: str,
    *,
    retry_after: int | None = None,
    params: dict[str, object] | None = None,
) -> Response:
    lang = _lang_for_error(request)
    message = tr(lang, key, **(params or {}))
    headers = {"Cache-Control": "no-store"}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": key, "message": message}, status_code=status, headers=headers)
    heading = tr(lang, {404: "page_nf_title"}.get(status, "err_title"))
    if key == "nf_title":
        heading, message = tr(lang, "nf_title"), tr(lang, "nf_body")
    c = page_context(request, lang, ctx.config.name, title=heading, heading=heading, message=message)
    resp = render(request, "error.html", c, status=status)
    resp.headers.update(headers)
    return resp


def create_app(
    db_path: str | os.PathLike[str] | DbTarget,
    config: OfficeConfig,
    *,
    clock: Callable[[], datetime] = now_tokyo,
    channels: dict[str, AlertChannel] | None = None,
    run_alerts: bool = True,
    alert_interval_s: float = 10.0,
    create: bool = True,
) -> FastAPI:
    """The web application over the office database at ``db_path``.

    ``run_alerts`` starts the near-turn alert runner with the server (lifespan); tests call
    :func:`shared.alerts.runner.run_once` directly instead.
    """
    ctx = WebContext(db_path, config, clock=clock, channels=channels, create=create)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner = None
        if run_alerts:
            runner = AlertRunner(
                ctx.open_engine, ctx.channels, ctx.clock, ctx.db_path, interval_s=alert_interval_s
            )
            runner.start()
        try:
            yield
        finally:
            if runner is not None:
                runner.stop()
            await ctx.hub.stop()
            ctx.close()

    app = FastAPI(
        title="madoguchi web",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # the docs are off: the schema is not served either
        lifespan=lifespan,
        description="Ward-office queue: public congestion and each ticket's own status.",
    )
    app.state.ctx = ctx
    app.add_middleware(
        SecurityMiddleware, https=config.base_url.startswith("https://"), base_url=config.base_url
    )
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(build_api(ctx))
    app.include_router(build_pages(ctx))
    app.include_router(build_misc(ctx))

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return _error_response(
            ctx, request, exc.status, exc.key, retry_after=exc.retry_after, params=exc.params
        )

    @app.exception_handler(StorageError)
    async def storage_error(request: Request, exc: StorageError) -> Response:
        log.warning("storage: %s", exc)  # said once a minute however many requests meet it (guard.py)
        if isinstance(exc, DiskFullError):  # not a moment's wait: staff must free space
            return _error_response(ctx, request, 503, "err_generic", retry_after=60)
        return _error_response(ctx, request, 503, "err_busy", retry_after=5)

    @app.exception_handler(NotFoundError)
    async def not_found_error(request: Request, exc: NotFoundError) -> Response:
        return _error_response(ctx, request, 404, "err_bad_request")

    @app.exception_handler(MadoguchiError)
    async def domain_error(request: Request, exc: MadoguchiError) -> Response:
        log.info("refused: %s", exc)
        return _error_response(ctx, request, 409, "err_generic")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _error_response(ctx, request, 400, "err_bad_request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _error_response(ctx, request, 404, "page_nf_title")
        resp = _error_response(ctx, request, exc.status_code, "err_bad_request")
        if exc.headers:
            resp.headers.update(exc.headers)
        return resp

    @app.exception_handler(ClientDisconnect)
    async def client_gone(request: Request, exc: ClientDisconnect) -> Response:
        # a phone lost its signal in the middle of sending a form: nothing to answer, nothing to alarm anyone
        log.info("client left during %s %s", request.method, request.url.path)
        return Response(status_code=400)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error_response(ctx, request, 500, "err_generic")

    return app


def app_from_env() -> FastAPI:
    """The app of one worker process when ``madoguchi web --workers N`` runs several."""
    return create_app(
        parse_target(None),
        current_config(None),
        run_alerts=os.environ.get("MADOGUCHI_WEB_ALERTS", "1") == "1",
        create=False,
    )


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="madoguchi web",
        description="The phone status page, the congestion page and JSON, web tickets and near-turn alerts.",
    )
    p.add_argument("--host", help="address to bind (default: [web] host of the office profile)")
    p.add_argument("--port", type=int, help="port (default: [web] port of the office profile)")
    p.add_argument(
        "--db", help="SQLite file or postgresql:// URL (default: $MADOGUCHI_DB or the user data directory)"
    )
    p.add_argument("--config", help="office profile TOML (default: $MADOGUCHI_CONFIG or the built-in one)")
    p.add_argument("--no-alerts", action="store_true", help="do not run the near-turn alert loop here")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (default 1); alerts run in each, each alert still goes out once",
    )
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.add_argument(
        "--read-timeout",
        type=float,
        metavar="S",
        help="close a connection whose request (headers or body) stalls this long (default 10)",
    )
    p.add_argument(
        "--screenshot",
        metavar="DIR",
        help="render the pages in headless Chromium (phone and desktop sizes) into DIR and exit",
    )
    return p


def _exit_cleanly_when_asked_to_stop() -> None:
    """A stop asked for by systemd or the demo (SIGTERM; Ctrl-Break on Windows) is a normal exit, code 0.

    uvicorn shuts down gracefully on the signal and then raises it again, so that the process would die of it
    (exit -15, which reads like a crash in the demo's summary). The handler that signal finds is this one.
    """

    def stop(_sig: int, _frame: object) -> None:
        raise SystemExit(0)

    for name in ("SIGTERM", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def main(argv: list[str]) -> int:
    return run_main(_run, argv)


def _run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    db = parse_target(args.db)
    # the screenshots draw the profile file on a demo database; the server runs on the office's current
    # profile in the database
    config = load_config(args.config) if args.screenshot else current_config(db, args.config)
    if args.screenshot:
        from shared.web.shots import take_screenshots

        for path in take_screenshots(Path(args.screenshot), config):
            print(path)
        return 0
    import uvicorn

    host = args.host or config.web.host
    port = args.port or config.web.port
    if not 1 <= port <= 65535:
        raise MadoguchiError(f"--port must be 1–65535, got {port}")
    if not 1 <= args.workers <= 64:
        raise MadoguchiError(f"--workers must be 1–64, got {args.workers}")
    app: Any = create_app(db, config, run_alerts=not args.no_alerts, create=False)
    if args.workers > 1:  # each worker process builds its own app from the environment
        os.environ.update(
            {
                "MADOGUCHI_DB": db.unmasked(),
                "MADOGUCHI_WEB_ALERTS": "0" if args.no_alerts else "1",
            }
        )
        app = "shared.web.app:app_from_env"
    if args.read_timeout is not None:
        if not 0.5 <= args.read_timeout <= 300:
            raise MadoguchiError(f"--read-timeout must be 0.5–300 s, got {args.read_timeout}")
        os.environ["MADOGUCHI_WEB_READ_TIMEOUT"] = str(args.read_timeout)  # worker processes read it too
        GuardedH11Protocol.read_timeout_s = args.read_timeout
    print(f"madoguchi web: http://{host}:{port}/  (db {db})", flush=True)
    proxies = config.web.forwarded_allow_ips.strip()
    _exit_cleanly_when_asked_to_stop()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=args.log_level,
        log_config=log_config(args.log_level),
        # X-Forwarded-For only from the configured reverse proxies; from anyone else it is ignored
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
        http=GuardedH11Protocol,  # read timeouts and a connection cap within the descriptor limit
        timeout_keep_alive=KEEP_ALIVE_S,
        backlog=BACKLOG,
        timeout_graceful_shutdown=3,
        server_header=False,
        workers=args.workers,
        factory=args.workers > 1,
    )
    return 0
