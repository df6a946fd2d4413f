"""Errors the core raises, each with a message a clerk or visitor can read (Japanese first), and the one way
every command and app reports them: one line ``エラー / error: …`` on stderr, exit code 2, no traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from shared.i18n import errors as errors_catalogue

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what `yes | head -1` gives


class MadoguchiError(Exception):
    """Base class: every error the apps catch and show without a traceback."""


class ConfigError(MadoguchiError):
    """A bad settings file (office profile, scenario, printer settings): ``file: key.path: reason``.

    ``key`` is empty for an error about the whole file (not TOML, not found); ``suggestion`` is the known key
    a misspelt one is closest to (shown as "did you mean …?"). :mod:`shared.validation` raises it.
    """

    def __init__(self, path: str, key: str, reason: str, *, suggestion: str | None = None) -> None:
        self.path, self.key, self.reason, self.suggestion = path, key, reason, suggestion
        text = ": ".join(x for x in (path, key, reason) if x)
        if suggestion:
            text += f" (did you mean {suggestion!r}?)"
        super().__init__(text)


class DomainError(MadoguchiError):
    """An illegal transition or request, e.g. calling at a closed counter.

    ``code`` names it and ``params`` hold its language-neutral details (``DomainError("not_waiting",
    number="A004", state="done")``); :meth:`text` words it from the catalogue (``shared.i18n.errors``), and
    ``str(exc)`` is 「日本語 / English」 for the CLI and logs.
    """

    def __init__(self, code: str, /, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(errors_catalogue.both(code, params))

    def text(self, lang: str = "ja") -> str:
        return errors_catalogue.describe(self.code, self.params, lang)


class ConflictError(DomainError):
    """Another counter or process changed the ticket first; refresh and retry."""


class NotFoundError(DomainError):
    """An unknown service, counter, life event or ticket number."""


class StorageError(MadoguchiError):
    """The database is locked, missing or unreadable. Retry later; nothing was written."""


def worded(exc: BaseException, lang: str = "ja") -> str:
    """What an app shows for ``exc`` in ``lang``: the catalogue's wording of an engine error, else its message."""
    return exc.text(lang) if isinstance(exc, DomainError) else str(exc)


def report_error(message: object) -> int:
    """Print the one-line error on stderr; returns the exit code for it."""
    print(f"エラー / error: {message}", file=sys.stderr, flush=True)
    return EXIT_ERROR


def run_main(run: Callable[[list[str]], int], argv: Sequence[str] | None = None) -> int:
    """Every command's ``main``: ``run(argv)`` (default ``sys.argv[1:]``) with a :class:`MadoguchiError` as one
    line and exit 2, Ctrl-C as exit 130, and output piped into a reader that stopped early (``| head``) as
    exit 141 without a traceback."""
    try:
        code = run(list(sys.argv[1:] if argv is None else argv))
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at interpreter exit
        return code
    except MadoguchiError as exc:
        return report_error(exc)
    except KeyboardInterrupt:
        print("中断しました / interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)  # what is still buffered goes nowhere, quietly, at exit
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_BROKEN_PIPE


class DiskFullError(StorageError):
    """The disk holding the database is full: nothing was saved; it works again once space is freed."""
