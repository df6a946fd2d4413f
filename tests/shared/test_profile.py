"""The office profile lives in the database (both backends): init stores versions, every app reads the current
one, export/history, a running app follows a new version live or says it needs a restart."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from shared import cli
from shared.config import DEFAULT_PROFILE, load_config
from shared.office import current_config, open_office
from shared.paths import asset_path
from shared.profile import ProfileFollower, digest
from shared.storage.backend import open_database
from shared.storage.profile_store import ProfileStore
from tests.conftest import NOW

BUILTIN = asset_path(DEFAULT_PROFILE).read_text(encoding="utf-8")


@pytest.fixture
def env(monkeypatch, db_path):
    """The CLI writes --db/--config into the environment: record and restore them around each test."""
    monkeypatch.setenv("MADOGUCHI_DB", str(db_path))
    monkeypatch.setenv("MADOGUCHI_CONFIG", "")
    monkeypatch.delenv("MADOGUCHI_CONFIG")
    return db_path


def run(*argv: str) -> int:
    """One CLI call as its own process would see it: no --config left over from the previous call."""
    os.environ.pop("MADOGUCHI_CONFIG", None)
    return cli.main(list(argv))


def _profile(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _versions(db) -> list[int]:
    with open_database(db) as d:
        return [r.version for r in ProfileStore(d).history()]


def test_init_stores_versions_and_history_export(env, tmp_path, capsys):
    db = env
    v1 = _profile(tmp_path, "office.toml", BUILTIN)
    assert run(*["--db", str(db), "init", "--config", str(v1)]) == 0
    assert "office profile v1 stored" in capsys.readouterr().out
    assert run(*["--db", str(db), "init", "--config", str(v1)]) == 0  # the same text: no new version
    assert "office profile v1 unchanged" in capsys.readouterr().out
    changed = BUILTIN.replace("long_wait_min = 30", "long_wait_min = 25", 1)
    assert changed != BUILTIN
    v2 = _profile(tmp_path, "office-v2.toml", changed)
    assert run(*["--db", str(db), "init", "--config", str(v2)]) == 0
    assert "office profile v2 stored" in capsys.readouterr().out
    assert _versions(db) == [1, 2]

    assert run(*["--db", str(db), "config", "history"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and out[1].split()[0] == "1" and out[2].split()[0] == "2"
    assert "@" in out[2] and "office-v2.toml" in out[2] and "current" in out[2]
    assert digest(changed)[:12] in out[2]

    target = tmp_path / "exported.toml"
    assert run(*["--db", str(db), "config", "export", "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == changed  # byte for byte what was stored
    assert run(*["--db", str(db), "config", "export"]) == 0
    assert capsys.readouterr().out.endswith(changed)
    assert run(*["--db", str(db), "config", "check"]) == 0
    assert "office profile v2" in capsys.readouterr().out

    e = open_office(db)  # any app: the database's current version
    assert e.config.queue.long_wait_min == 25
    e.store.close()


def test_init_refuses_a_bad_profile_and_stores_nothing(env, tmp_path, capsys):
    db = env
    bad = _profile(tmp_path, "bad.toml", BUILTIN.replace('prefix = "A"', 'prefix = "a"', 1))
    assert run(*["--db", str(db), "init", "--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("エラー / error:") and "bad.toml" in err and len(err.strip().splitlines()) == 1
    assert _versions(db) == []


def test_first_start_stores_the_profile_file_once(db_path, tmp_path):
    e = open_office(db_path)
    assert _versions(db_path) == [1]
    with open_database(db_path) as d:
        row = ProfileStore(d).current()
    assert row is not None and row.sha256 == digest(BUILTIN) and "(first start)" in row.created_by
    e.store.close()
    open_office(db_path).store.close()
    assert _versions(db_path) == [1]


def test_config_file_that_differs_warns_and_the_database_wins(db_path, tmp_path, caplog):
    open_office(db_path).store.close()  # v1: the built-in profile
    other = _profile(tmp_path, "pc7.toml", BUILTIN.replace("long_wait_min = 30", "long_wait_min = 5", 1))
    with caplog.at_level(logging.WARNING):
        cfg = current_config(db_path, other)
    assert cfg.queue.long_wait_min == 30
    assert any(
        "pc7.toml differs" in r.getMessage() and "init --config" in r.getMessage() for r in caplog.records
    )
    assert _versions(db_path) == [1]


def test_app_starts_on_the_file_while_the_server_is_down(caplog):
    # nothing listens on port 1: the app still gets a profile to draw its 「接続中…」 screen with
    with caplog.at_level(logging.WARNING):
        cfg = current_config("postgresql://madoguchi:secret@127.0.0.1:1/office")
    assert cfg == load_config()
    assert any("database unavailable" in r.getMessage() for r in caplog.records)
    assert not any("secret" in r.getMessage() for r in caplog.records)


def _store(db, text: str, name: str) -> None:
    from shared.profile import store_profile

    with open_database(db) as d:
        store_profile(d, text, name, now=NOW, by="test@pc")


def test_follower_applies_live_sections_and_asks_restart_for_others(db_path):
    e = open_office(db_path)
    follower = ProfileFollower(e)
    assert follower.check() is None  # nothing new
    _store(db_path, BUILTIN.replace("long_wait_min = 30", "long_wait_min = 12", 1), "v2.toml")
    up = follower.check()
    assert up is not None and up.applied and up.version == 2 and up.sections == {"queue"}
    assert e.config.queue.long_wait_min == 12
    assert follower.check() is None

    renamed = BUILTIN.replace("long_wait_min = 30", "long_wait_min = 12", 1)
    first_service = load_config().services[0]
    renamed = renamed.replace(f'ja = "{first_service.names["ja"]}"', 'ja = "新しい名前"', 1)
    _store(db_path, renamed, "v3.toml")
    up = follower.check()
    assert up is not None and not up.applied and "services" in up.restart
    assert "restart" in up.message()
    assert e.config.queue.long_wait_min == 12  # not applied: the running app keeps its profile
    assert e.config.services[0].names["ja"] == first_service.names["ja"]
    e.store.close()


def test_cli_config_flag_is_not_an_override(env, tmp_path, capsys):
    """For commands other than init, --config only warns when it differs from the database's version."""
    db = env
    assert run(*["--db", str(db), "init"]) == 0  # the built-in profile
    capsys.readouterr()
    other = _profile(tmp_path, "mine.toml", BUILTIN.replace("long_wait_min = 30", "long_wait_min = 5", 1))
    assert run(*["--db", str(db), "--config", str(other), "status"]) == 0
    assert _versions(db) == [1]


def _eventually(check, timeout: float = 2.0) -> bool:
    import time

    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_web_context_takes_a_new_version_between_requests(db_path):
    from shared.web.context import WebContext

    open_office(db_path).store.close()  # v1
    ctx = WebContext(db_path, current_config(db_path), clock=lambda: NOW)
    try:
        assert ctx.engine().config.queue.long_wait_min == 30
        _store(db_path, BUILTIN.replace("long_wait_min = 30", "long_wait_min = 9", 1), "v2.toml")
        # a request after the change notification arrived runs on v2 (PostgreSQL delivers it within ~1 ms)
        assert _eventually(lambda: ctx.engine().config.queue.long_wait_min == 9)
        assert ctx.config.queue.long_wait_min == 9 and ctx.restart_note == ""
        v3 = BUILTIN.replace("long_wait_min = 30", "long_wait_min = 9", 1).replace(
            "port = 8080", "port = 8081", 1
        )
        _store(db_path, v3, "v3.toml")
        assert _eventually(lambda: ctx.engine() is not None and "restart" in ctx.restart_note)
        assert "web" in ctx.restart_note
        assert ctx.config.web.port == 8080
    finally:
        ctx.close()
