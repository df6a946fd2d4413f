"""A screenshot or report into a missing folder is refused with one line, and no folder is created."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.cli import main


@pytest.mark.parametrize(
    ("app", "target"),
    [("kiosk", "k.png"), ("counter", "c.png"), ("display", "d.png"), ("web", "shots")],
)
def test_a_screenshot_into_a_missing_folder_is_one_line(
    app: str, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MADOGUCHI_DB", str(tmp_path / "office.db"))
    missing = tmp_path / "nonexistent" / "dir"
    assert main([app, "--screenshot", str(missing / target)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.count("\n") == 1 and out.err.startswith("エラー / error: ")
    assert "the output directory does not exist" in out.err
    assert not (tmp_path / "nonexistent").exists()


def test_a_report_into_a_missing_folder_is_the_same_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MADOGUCHI_DB", str(tmp_path / "office.db"))
    assert main(["report", "--from", "2026-11-24", "--out", str(tmp_path / "nonexistent" / "r.html")]) == 2
    assert "the output directory does not exist" in capsys.readouterr().err
    assert not (tmp_path / "nonexistent").exists()


def test_a_screenshot_folder_for_the_web_may_be_new_inside_an_existing_one(tmp_path: Path) -> None:
    from shared.outpath import check_output_dir

    check_output_dir(tmp_path / "shots")  # the web screenshots make this one folder themselves
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(Exception, match="is a file"):
        check_output_dir(tmp_path / "file")
