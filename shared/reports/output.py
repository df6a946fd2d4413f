"""Writing a report file: check the path first, write to a temporary file, then rename (never half a file)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from shared.outpath import check_writable
from shared.reports import export
from shared.reports.build import Built, ReportError
from shared.reports.html import render_html

FORMATS = ("html", "csv", "xlsx", "json")


def default_name(start: date, end: date, service: str | None, fmt: str) -> str:
    svc = f"_{service}" if service else ""
    return f"madoguchi-report_{start.isoformat()}_{end.isoformat()}{svc}.{fmt}"


def render(built: Built, fmt: str, generated: datetime) -> bytes | None:
    """The file's bytes, or None for xlsx (written straight to disk)."""
    rep, comp, plan = built.report, built.comparison, built.indicators
    if fmt == "html":
        office = str(rep.meta.get("office", ""))
        html = render_html(rep, comp, office=office, generated=generated, plan=plan, bookings=built.bookings)
        return html.encode("utf-8")
    if fmt == "csv":
        return export.to_csv(rep, comp, plan, built.bookings).encode("utf-8")
    if fmt == "json":
        return export.to_json(rep, comp, generated, plan).encode("utf-8")
    if fmt == "xlsx":
        return None
    raise ReportError(f"--format は {', '.join(FORMATS)} のいずれか / unknown format {fmt!r}")


def write_atomic(path: Path, fill: Callable[[Path], None]) -> None:
    """``fill`` writes a temporary file next to ``path``, which then replaces ``path``: never half a file."""
    check_writable(path)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".part", dir=path.parent if str(path.parent) else "."
    )
    os.close(fd)
    try:
        fill(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ReportError(
            f"書き込めませんでした: {path}: {exc.strerror or exc} / cannot write {path}"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write(built: Built, fmt: str, path: Path | None, generated: datetime) -> Path | None:
    """Write the report to ``path`` (None: stdout, not for xlsx). Returns the path written."""
    data = render(built, fmt, generated)
    if path is None:
        if data is None:
            raise ReportError("xlsx は --out でファイルを指定してください / xlsx needs --out FILE")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None

    def fill(tmp: Path) -> None:
        if data is None:
            export.write_xlsx(
                built.report, built.comparison, tmp, generated, built.indicators, built.bookings
            )
        else:
            tmp.write_bytes(data)

    write_atomic(path, fill)
    return path
