"""Errors the core raises. Each carries a message a clerk or visitor can read (Japanese first)."""

from __future__ import annotations


class MadoguchiError(Exception):
    """Base class: every error the apps catch and show without a traceback."""


class ConfigError(MadoguchiError):
    """A bad office profile. Names the file, the key and the reason."""

    def __init__(self, path: str, key: str, reason: str) -> None:
        self.path, self.key, self.reason = path, key, reason
        super().__init__(f"{path}: {key}: {reason}")


class DomainError(MadoguchiError):
    """An illegal transition or request, e.g. calling at a closed counter."""

    def __init__(self, message: str, *, code: str = "illegal") -> None:
        self.code = code
        super().__init__(message)


class ConflictError(DomainError):
    """Another counter or process changed the ticket first; refresh and retry."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="conflict")


class NotFoundError(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_found")


class StorageError(MadoguchiError):
    """The database is locked, missing or unreadable. Retry later; nothing was written."""
