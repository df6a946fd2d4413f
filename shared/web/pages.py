"""HTML pages: the office congestion page, the ticket status page (the QR target), and web tickets.

Each area is its own router in :mod:`shared.web.routes`; this puts them together for :mod:`shared.web.app`.
"""

from __future__ import annotations

from fastapi import APIRouter

from shared.web.context import WebContext
from shared.web.routes import booking, email_code, issue, status, ticket


def build_pages(ctx: WebContext) -> APIRouter:
    router = APIRouter()
    for area in (status, ticket, issue, email_code, booking):
        router.include_router(area.build(ctx))
    return router
