"""``madoguchi import konbini FILE.csv``: the monthly count of 住民票 issued at convenience stores for this office.

The file (UTF-8, with or without BOM, or Shift_JIS as Excel writes it) has a header row and one row per month:

    month,count          (or in Japanese: 年月,件数)
    2026-04,1234
    2026-05,1180

Every row is checked before anything is stored: the header, the month (YYYY-MM, not in the future), the count (a
whole number ≥ 0) and that no month appears twice. One bad row and nothing is imported; every problem is listed
with its line. A month imported again replaces its earlier count (a correction).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from shared.reports.build import ReportError
from shared.storage import indicator_store
from shared.storage.backend import Database

HEADERS = (("month", "count"), ("年月", "件数"))
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_COUNT = 10_000_000
MAX_PROBLEMS = 10


class KonbiniFileError(ReportError):
    """The file cannot be imported; the message lists what is wrong, line by line. Nothing was stored."""


@dataclass(frozen=True)
class Imported:
    months: tuple[tuple[str, int], ...]

    @property
    def first(self) -> str:
        return self.months[0][0]

    @property
    def last(self) -> str:
        return self.months[-1][0]


def _decode(raw: bytes, name: str) -> str:
    for enc in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise KonbiniFileError(
        f"{name}: 文字コードが読めません（UTF-8 か Shift_JIS で保存してください） / cannot decode the file: save "
        "it as UTF-8 or Shift_JIS CSV"
    )


def parse(text: str, name: str, today: date) -> list[tuple[str, int]]:
    """(month, count) rows in month order, or :class:`KonbiniFileError` listing every problem."""
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if not rows:
        raise KonbiniFileError(f"{name}: 空のファイルです / the file is empty")
    header = tuple(c.strip().lower() for c in rows[0])
    if header not in HEADERS:
        raise KonbiniFileError(
            f"{name}: 1行目は見出し「month,count」（または「年月,件数」）にしてください（いま: {','.join(rows[0])}） / "
            f"line 1 must be the header 'month,count' (or '年月,件数'), not {','.join(rows[0])!r}"
        )
    problems: list[str] = []
    seen: dict[str, int] = {}
    out: list[tuple[str, int]] = []
    this_month = f"{today.year:04d}-{today.month:02d}"
    for line, r in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in r]
        if len(cells) != 2:
            problems.append(
                f"{line}行目: 列が {len(cells)} 個です（年月と件数の2列） / line {line}: {len(cells)} columns, "
                "expected 2 (month, count)"
            )
            continue
        month, count = cells
        m = MONTH.match(month)
        if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 2000:
            problems.append(
                f"{line}行目: 年月「{month}」が読めません（例 2026-04） / line {line}: bad month {month!r} "
                "(use YYYY-MM, e.g. 2026-04)"
            )
        elif month > this_month:
            problems.append(f"{line}行目: {month} は未来の月です / line {line}: {month} is in the future")
        elif month in seen:
            problems.append(
                f"{line}行目: {month} が {seen[month]}行目と重複しています / line {line}: {month} appears twice "
                f"(also line {seen[month]})"
            )
        text_count = count.replace(",", "")
        if re.fullmatch(r"-\d+", text_count):
            problems.append(
                f"{line}行目: 件数がマイナスです（{count}） / line {line}: negative count {count}"
            )
        elif not text_count.isdigit() or int(text_count) > MAX_COUNT:
            problems.append(
                f"{line}行目: 件数「{count}」は 0 以上の整数にしてください / line {line}: the count {count!r} "
                "must be a whole number ≥ 0"
            )
        elif m and month not in seen:
            seen[month] = line
            out.append((month, int(text_count)))
    if problems:
        more = len(problems) - MAX_PROBLEMS
        listed = problems[:MAX_PROBLEMS] + ([f"… ほか {more} 件 / … and {more} more"] if more > 0 else [])
        raise KonbiniFileError(
            f"{name}: 取り込みませんでした（何も保存していません） / not imported, nothing was stored:\n  "
            + "\n  ".join(listed)
        )
    if not out:
        raise KonbiniFileError(f"{name}: 月の行がありません / the file has a header but no months")
    return sorted(out)


def import_file(db: Database, path: Path, today: date, now_ts: float) -> Imported:
    """Check the whole file, then store every month in one transaction (nothing half-imported)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KonbiniFileError(
            f"{path}: 読めません（{exc.strerror or exc}） / cannot read the file"
        ) from None
    rows = parse(_decode(raw, str(path)), str(path), today)
    indicator_store.replace_konbini(db, rows, path.name, now_ts)
    return Imported(tuple(rows))
