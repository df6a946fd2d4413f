"""``madoguchi city --config city.toml``: the city's public page of every ward office's queue, and ``/api/city``.

A small FastAPI server, Qt-free and database-free: it only reads each office's public ``/api/status``.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from shared.city.profile import CityProfile, load_city, pick
from shared.city.view import api_doc, ct, page_model, ruby
from shared.city.watch import CityWatch
from shared.errors import MadoguchiError
from shared.i18n import HTML_LANG, LANGS
from shared.timeutil import TOKYO, now_tokyo
from shared.web.i18n import language_links, negotiate, translator
from shared.web.rendering import STATIC as OFFICE_STATIC
from shared.web.security import LANG_COOKIE, SecurityMiddleware

log = logging.getLogger("madoguchi.city")
HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.filters["ruby"] = ruby
PUBLIC = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=5"}


def _lang(request: Request) -> str:
    q = request.query_params.get("lang")
    if q in LANGS:
        return str(q)
    c = request.cookies.get(LANG_COOKIE)
    if c in LANGS:
        return str(c)
    return negotiate(request.headers.get("accept-language"))


def create_city_app(
    profile: CityProfile, *, clock: Callable[[], datetime] = now_tokyo, poll: bool = True
) -> FastAPI:
    watch = CityWatch(profile, clock)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if poll:
            watch.start()
        try:
            yield
        finally:
            watch.stop()

    app = FastAPI(title="madoguchi city", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.watch = watch
    app.add_middleware(SecurityMiddleware)
    app.mount("/static/office", StaticFiles(directory=str(OFFICE_STATIC)), name="office-static")
    app.mount("/static/city", StaticFiles(directory=str(HERE / "static")), name="city-static")

    @app.get("/api/city")
    def api_city() -> Response:
        return JSONResponse(api_doc(profile, watch.snapshot()), headers=PUBLIC)

    @app.get("/")
    def page(request: Request) -> Response:
        lang = _lang(request)
        service = request.query_params.get("service") or None
        if service is not None and profile.service(service) is None:
            service = None
        model = page_model(profile, watch.snapshot(), lang, service)
        links = language_links(lang)
        city = pick(profile.names, lang)

        def c(key: str, **kw: object) -> str:
            return ct(lang, key, **kw)

        resp: HTMLResponse = TEMPLATES.TemplateResponse(
            request,
            "city.html",
            {
                "lang": lang,
                "html_lang": HTML_LANG[lang],
                "lang_label": next(str(x["label"]) for x in links if x["current"]),
                "langs": links,
                "t": translator(lang),
                "c": c,
                "city": city,
                "services": [(s.code, s.name(lang)) for s in profile.services],
                "now": clock().astimezone(TOKYO).strftime("%H:%M"),
                **model,
            },
        )
        resp.headers["Cache-Control"] = "no-store"
        if request.query_params.get("lang") in LANGS:
            resp.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, httponly=True, samesite="lax")
        return resp

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> Response:
        return JSONResponse({"ok": True, "polls": watch.polls})

    return app


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="madoguchi city",
        description="The city's public page of every ward office's queue, read from each office's /api/status.",
    )
    p.add_argument("--config", help="the city profile (TOML): offices, their status URLs, services")
    p.add_argument("--host", help="address to bind (default: [city] host)")
    p.add_argument("--port", type=int, help="port (default: [city] port)")
    p.add_argument("--check", action="store_true", help="check the city profile, print a summary and exit")
    p.add_argument(
        "--screenshot",
        metavar="DIR",
        help="render the page over a built-in demo city in headless Chromium (phone and desktop) into DIR and exit",
    )
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.screenshot:
            from shared.city.shots import take_city_screenshots

            for path in take_city_screenshots(Path(args.screenshot)):
                print(path)
            return 0
        if not args.config:
            raise MadoguchiError("--config city.toml is required (the offices and their status URLs)")
        profile = load_city(args.config)
        if args.check:
            print(f"{args.config}: OK — {len(profile.offices)} offices, {len(profile.services)} services")
            return 0
        host = args.host or profile.host
        port = args.port or profile.port
        if not 1 <= port <= 65535:
            raise MadoguchiError(f"--port must be 1–65535, got {port}")
        import uvicorn

        logging.basicConfig(
            level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s"
        )
        print(f"madoguchi city: http://{host}:{port}/  ({len(profile.offices)} offices)", flush=True)

        def stop(_sig: int, _frame: object) -> None:
            raise SystemExit(0)

        for name in ("SIGTERM", "SIGBREAK"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), stop)
        uvicorn.run(
            create_city_app(profile),
            host=host,
            port=port,
            log_level=args.log_level,
            timeout_graceful_shutdown=3,
            server_header=False,
        )
    except MadoguchiError as exc:
        print(f"エラー / error: {exc}", file=sys.stderr, flush=True)
        return 2
    return 0


__all__ = ["create_city_app", "main"]
