"""Errors a visitor can read: an HTTP status and the key of a translated message (never a traceback)."""

from __future__ import annotations

from shared.errors import MadoguchiError


class WebError(MadoguchiError):
    def __init__(self, status: int, key: str, *, retry_after: int | None = None, **params: object) -> None:
        self.status = status
        self.key = key
        self.retry_after = retry_after
        self.params = params
        super().__init__(f"{status} {key}")
