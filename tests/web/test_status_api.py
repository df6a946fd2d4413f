"""``/api/status`` is the stable public interface (version 1) a city portal or open-data feed reads: the fields
the README documents are pinned here, with their types, so a change that drops or retypes one fails."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.web.app import create_app
from tests.web.conftest import BASE, Clock

# The documented fields of version 1 (README: "The public status API"), each with its JSON type(s).
TOP = {
    "version": int,
    "office": dict,
    "office_code": (str, type(None)),
    "updated": str,
    "served_at": str,
    "open": bool,
    "hours_today": (dict, type(None)),
    "services": list,
    "usually_busy": dict,
}
SERVICE = {
    "code": str,
    "names": dict,
    "waiting": int,
    "pickup_waiting": (int, type(None)),
    "estimate_min": (dict, type(None)),
    "now_calling": list,
    "issuing": str,
    "web_ticket": bool,
}


ESTIMATE = {"low": (int, float, type(None)), "high": (int, float, type(None)), "soon": bool}
CALL = {"number": str, "counter": int}


def test_documented_fields_are_all_there_with_their_types(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    office.issue("RES", now=now)
    office.issue("RES", now=now)
    office.call_next(1, now=now)
    doc = client.get("/api/status").json()
    for key, typ in TOP.items():
        assert key in doc, key
        assert isinstance(doc[key], typ), (key, doc[key])
    assert doc["version"] == 1
    assert doc["office"]["ja"]
    assert doc["hours_today"] == {"open": "08:45", "close": "17:00"}  # a Tuesday at the default profile
    for s in doc["services"]:
        for key, typ in SERVICE.items():
            assert key in s, key
            assert isinstance(s[key], typ), (key, s[key])
        if s["estimate_min"] is not None:
            for key, typ in ESTIMATE.items():
                assert isinstance(s["estimate_min"].get(key, "missing"), typ), (key, s["estimate_min"])
        for c in s["now_calling"]:
            assert set(c) >= set(CALL) and all(isinstance(c[k], t) for k, t in CALL.items())
    res = next(s for s in doc["services"] if s["code"] == "RES")
    assert res["waiting"] == 1 and len(res["now_calling"]) == 1
    assert set(doc["usually_busy"]) >= {"weekday", "days", "hours"}


def test_office_code_and_a_closed_day(
    db_path: Path, office_config: OfficeConfig, office: QueueEngine, now: datetime
) -> None:
    cfg = dataclasses.replace(office_config, code="tsurumi")
    sunday = Clock(datetime(2026, 11, 29, 10, 0, tzinfo=now.tzinfo))
    with TestClient(create_app(db_path, cfg, clock=sunday, run_alerts=False), base_url=BASE) as c:
        doc = c.get("/api/status").json()
    assert doc["office_code"] == "tsurumi"
    assert doc["hours_today"] is None and doc["open"] is False
    assert doc["served_at"].startswith("2026-11-29T10:00")


def test_office_code_is_checked(tmp_path: Path) -> None:
    import pytest

    from shared.config import load_config
    from shared.errors import ConfigError
    from shared.paths import asset_path

    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    bad = tmp_path / "office.toml"
    bad.write_text(text.replace("[office]", '[office]\ncode = "Tsurumi Ward"', 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"office\.toml: office\.code: must be 1–32 lower-case"):
        load_config(bad)
    bad.write_text(text.replace("[office]", '[office]\ncode = "tsurumi"', 1), encoding="utf-8")
    assert load_config(bad).code == "tsurumi"
