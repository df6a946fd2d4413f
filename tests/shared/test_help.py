"""What a user reads: every command's --help describes it, the counter's shows its real options, a plain
`issue` names the phone page, refusals are bilingual, file-level config errors have no `-` key, and report
chart axes never repeat a label."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from shared.cli import _parser, main
from shared.config import load_config
from shared.engine import QueueEngine
from shared.errors import ConfigError, DomainError
from shared.paths import asset_path
from shared.reports import svg
from shared.timeutil import TOKYO

COMMANDS = sorted(_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*args, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_the_command_list_describes_each_command(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys)
    for name in COMMANDS:
        assert f"start {name}\n" not in text  # what it said of every app before
    assert "touch kiosk" in text and "KPI report" in text and "ward-office day" in text


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_help_has_a_description_and_no_rest_markup(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _help(capsys, name)
    usage, _, rest = text.partition("\n\n")
    assert usage.startswith("usage: madoguchi")
    description = rest.split("\n\n")[0]
    assert description.strip() and not description.startswith(("positional arguments", "options")), text
    assert "``" not in text


def test_counter_help_shows_the_console_options_and_the_verbs(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "counter")
    assert "--counter" in text and "--screenshot" in text and "--clerk" in text
    assert "open|pause|resume|close|services N" in text
    assert "rest" not in text.split("\n")[0]
    verbs = _help(capsys, "counter", "pause")
    assert "--reason" in verbs and "the reason shown to visitors" in verbs


def test_plain_issue_prints_the_phone_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "open.toml"
    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    cfg.write_text(
        text.replace("public_holidays = true", "public_holidays = true\nalways_open = true"), "utf-8"
    )
    monkeypatch.setenv("MADOGUCHI_DB", str(tmp_path / "o.db"))
    monkeypatch.setenv("MADOGUCHI_CONFIG", str(cfg))
    assert main(["init"]) == 0
    assert main(["issue", "RES"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2].startswith("A001 RES waiting")
    url = out[-1].split()[-1]
    assert url.startswith("http://127.0.0.1:8080/t/") and len(url.rsplit("/", 1)[1]) == 32


def test_outside_hours_refusal_is_bilingual(engine: QueueEngine) -> None:
    with pytest.raises(DomainError) as err:
        engine.issue("RES", now=datetime(2026, 11, 24, 20, 0, tzinfo=TOKYO))  # a Tuesday evening
    assert err.value.code == "closed" and str(err.value) == "受付時間外です / outside reception hours"


def test_an_error_about_the_whole_file_has_no_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "missing.toml")
    assert str(err.value) == f"{tmp_path / 'missing.toml'}: file not found"
    bad = tmp_path / "bad.toml"
    bad.write_text("[office\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(bad)
    assert str(err.value).startswith(f"{bad}: not valid TOML") and ": -:" not in str(err.value)


@pytest.mark.parametrize("top", [0.02, 0.2, 0.25, 0.5, 1, 2, 2.5, 7, 12, 0.001, 2500, 40000])
def test_axis_labels_never_repeat(top: float) -> None:
    labels = [label for _, label in svg.ticks(svg.nice_max(top))]
    assert len(set(labels)) == len(labels), labels


def test_a_small_wait_chart_reads_0_00_to_0_20() -> None:
    assert [label for _, label in svg.ticks(0.2)] == ["0.00", "0.04", "0.08", "0.12", "0.16", "0.20"]
