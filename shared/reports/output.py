"""Writing a report file: check the path first, write to a temporary file, then rename (never half a file)."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from shared.reports import export
from shared.reports.build import Built, ReportError
from shared.reports.html import render_html

FORMATS = ("html", "csv", "xlsx", "json")


def default_name(start: date, end: date, service: str | None, fmt: str) -> str:
    svc = f"_{service}" if service else ""
    return f"madoguchi-report_{start.isoformat()}_{end.isoformat()}{svc}.{fmt}"


def check_writable(path: Path) -> None:
    """Raise ReportError now, before minutes of work, if ``path`` cannot be written."""
    if path.is_dir():
        raise ReportError(f"出力先がフォルダです: {path} / the output path is a directory")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ReportError(f"出力先のフォルダがありません: {parent} / the output directory does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ReportError(f"出力先に書き込めません: {path} / cannot write to {path}")


def render(built: Built, fmt: str, generated: datetime) -> bytes | None:
    """The file's bytes, or None for xlsx (written straight to disk)."""
    rep, comp = built.report, built.comparison
    if fmt == "html":
        return render_html(rep, comp, office=str(rep.meta.get("office", "")), generated=generated).encode(
            "utf-8"
        )
    if fmt == "csv":
        return export.to_csv(rep, comp).encode("utf-8")
    if fmt == "json":
        return export.to_json(rep, comp, generated).encode("utf-8")
    if fmt == "xlsx":
        return None
    raise ReportError(f"--format は {', '.join(FORMATS)} のいずれか / unknown format {fmt!r}")


def write(built: Built, fmt: str, path: Path | None, generated: datetime) -> Path | None:
    """Write the report to ``path`` (None: stdout, not for xlsx). Returns the path written."""
    data = render(built, fmt, generated)
    if path is None:
        if data is None:
            raise ReportError("xlsx は --out でファイルを指定してください / xlsx needs --out FILE")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    check_writable(path)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".part", dir=path.parent if str(path.parent) else "."
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            if data is not None:
                fh.write(data)
        if data is None:
            export.write_xlsx(built.report, built.comparison, Path(tmp), generated)
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
    return path
