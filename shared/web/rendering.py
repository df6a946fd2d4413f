"""Templates, language choice and the small helpers every page handler shares."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from shared.i18n import HTML_LANG, LANG_LABELS, LANGS
from shared.ruby import to_html
from shared.web.errors import WebError
from shared.web.i18n import language_links, negotiate, translator
from shared.web.security import LANG_COOKIE

HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
STATIC = HERE / "static"


@pass_context
def ruby(context: Context, text: object) -> object:
    """``{{ text | ruby }}``: in やさしい日本語 the key words get their kanji with furigana (``<ruby>``); other
    languages pass through. Only for text between tags, never inside an attribute or ``<title>``."""
    if context.get("lang") == "ja_easy" and isinstance(text, str) and not isinstance(text, Markup):
        return Markup(to_html(text))
    return text


TEMPLATES.env.filters["ruby"] = ruby


def _asset_version() -> str:
    h = hashlib.sha256()
    for p in sorted(STATIC.glob("*")):
        h.update(p.read_bytes())
    return h.hexdigest()[:10]


ASSET_V = _asset_version()


def requested_lang(request: Request) -> str | None:
    """The ``lang`` query parameter, validated (400 for an unknown language)."""
    q = request.query_params.get("lang")
    if q is None:
        return None
    if q not in LANGS:
        raise WebError(400, "err_language")
    return q


def resolve_lang(request: Request, default: str | None = None) -> str:
    """Query parameter, then the cookie, then the ticket's language, then Accept-Language."""
    q = requested_lang(request)
    if q:
        return q
    c = request.cookies.get(LANG_COOKIE)
    if c in LANGS:
        return str(c)
    if default in LANGS:
        return str(default)
    return negotiate(request.headers.get("accept-language"))


def page_context(request: Request, lang: str, office_names: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {
        "request": request,
        "lang": lang,
        "html_lang": HTML_LANG[lang],
        "lang_label": LANG_LABELS[lang],
        "langs": language_links(lang),
        "t": translator(lang),
        "office": office_names.get(lang) or office_names.get("ja", ""),
        "asset_v": ASSET_V,
        **extra,
    }


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    lang_cookie: str | None = None,
    https: bool = False,
) -> HTMLResponse:
    resp = TEMPLATES.TemplateResponse(request, name, context, status_code=status)
    resp.headers["Cache-Control"] = "no-store"
    if lang_cookie in LANGS:
        resp.set_cookie(
            LANG_COOKIE, lang_cookie, max_age=365 * 86400, httponly=True, samesite="lax", secure=https
        )
    return resp


def fragment(name: str, context: dict[str, Any]) -> str:
    return TEMPLATES.get_template(name).render(context)
