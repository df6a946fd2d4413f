"""``madoguchi scheduler`` sub-commands (in-process), and the chart palette's contrast."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared import scheduler
from shared.reports import svg


@pytest.mark.backends("sqlite")  # the nightly backup job is SQLite-only until pg_dump backups land
def test_plan_once_history_restore(
    known_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(known_db)]
    assert scheduler.main(["plan", "--date", "2026-11-23", *db]) == 0  # 勤労感謝の日
    out = capsys.readouterr().out
    assert "rollover" in out and "open" not in out
    bdir = tmp_path / "bk"
    assert scheduler.main([*db, "--backup-dir", str(bdir), "once", "backup", "--at", "2026-11-25T02:00"]) == 0
    assert "verified" in capsys.readouterr().out
    assert scheduler.main([*db, "history", "--job", "backup"]) == 0
    assert "manual:2026-11-25T02:00:00+09:00" in capsys.readouterr().out
    backup = next(bdir.glob("madoguchi-*.db"))
    target = tmp_path / "restored.db"
    assert scheduler.main(["restore", str(backup), str(target)]) == 0
    assert "integrity ok" in capsys.readouterr().out
    assert scheduler.main(["restore", str(backup), str(target)]) == 2  # refuses to overwrite
    assert "--force" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["once", "cutoff"], "--service"),
        (["once", "open", "--at", "tomorrow"], "--at"),
        (["--keep", "0", "plan"], "--keep"),
    ],
)
def test_scheduler_errors_are_one_line(
    known_db: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert scheduler.main(["--db", str(known_db), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_heatmap_palette_keeps_7_to_1_contrast() -> None:
    for i in range(101):
        fill, ink = svg.blues(i / 100)
        assert svg.contrast(ink, fill) >= 7.0, (i, fill, ink)
    for colour in (svg.INK, svg.MUTED):
        assert svg.contrast(colour, "#ffffff") >= 7.0
