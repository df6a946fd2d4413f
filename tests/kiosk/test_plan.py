"""The kiosk's Qt-free decisions: tiles, certificate routes, life-event plans, assistance, check-in input, slips."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest

from kiosk.flows.offer import availability, certificate_services, home_tiles
from kiosk.flows.plan import PlanError, handled_together, plan_bundle, plan_certificates, priority_for
from kiosk.flows.scan import parse_checkin
from kiosk.ticket.from_db import slip_for
from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.timeutil import TOKYO


def test_home_offers_certificates_as_one_flow_and_every_other_service(
    engine: QueueEngine, now: datetime
) -> None:
    tiles = home_tiles(engine.config, availability(engine, now))
    assert [t.code for t in tiles] == [
        "certificates",
        "lifeevents",
        "INFO",  # 「わからない方・ご案内」: kiosk.guidance_service, a guided tile, not among the services
        "MOVE",
        "KOSEKI",
        "NHI",
        "PENSION",
        "ELDERLY",
        "CHILD",
        "MYNA",
    ]
    assert certificate_services(engine.config) == ["RES", "KOSEKI_CERT", "TAX"]
    assert all(t.enabled for t in tiles)
    assert tiles[2].kind == "guidance"
    plain = dataclasses.replace(
        engine.config, kiosk=dataclasses.replace(engine.config.kiosk, guidance_service=None)
    )
    codes = [t.code for t in home_tiles(plain, availability(engine, now))]
    assert "INFO" in codes  # without the key: a service like any other


def test_certificate_tile_says_what_the_certificate_screen_says(
    open_engine: QueueEngine, now: datetime
) -> None:
    """One merged window calls the oldest ticket across 住民票, 戸籍 and 税証明: a new certificate ticket has all
    three queues ahead of it, and the home tile and the certificate screen say the same (it said あと8人 on the
    tile and あと5人 on the screen)."""
    for code in ("RES", "RES", "TAX"):
        open_engine.issue(code, now=now)
    avail = availability(open_engine, now)
    cert = home_tiles(open_engine.config, avail)[0]
    assert cert.waiting == 3
    assert (
        all(avail[c].waiting == 3 for c in ("RES", "KOSEKI_CERT", "TAX")) and cert.wait == avail["RES"].wait
    )
    assert cert.wait is not None and cert.wait.kind == "minutes" and (cert.wait.minutes or 0) % 5 == 0


def test_reasons_closed_cutoff_paused_cap(
    engine: QueueEngine, now: datetime, office_config: OfficeConfig
) -> None:
    late = now.replace(hour=16, minute=50)
    avail = availability(engine, late)
    assert (avail["MOVE"].reason, avail["MYNA"].reason, avail["NHI"].reason) == ("cutoff", "cutoff", None)
    engine.set_issuing("NHI", "paused", now=now)
    assert availability(engine, now)["NHI"].reason == "paused"
    assert availability(engine, now.replace(hour=20))["RES"].reason == "closed"
    sunday = now + timedelta(days=5)
    tiles = home_tiles(engine.config, availability(engine, sunday))
    assert {t.reason for t in tiles} == {"closed"}


def test_cap_reason(db_path, office_config: OfficeConfig, now: datetime) -> None:
    from shared.office import open_office

    cfg = dataclasses.replace(
        office_config,
        services=tuple(
            dataclasses.replace(s, daily_cap=1) if s.code == "CHILD" else s for s in office_config.services
        ),
    )
    e = open_office(db_path, cfg)
    e.issue("CHILD", now=now)
    assert availability(e, now)["CHILD"].reason == "cap"
    e.store.close()


def test_merged_certificates_are_one_step(office_config: OfficeConfig) -> None:
    plan = plan_certificates(office_config, {"kazei": 1, "juminhyo": 3, "fuhyo": 0, "koseki_kojin": 2})
    assert plan.route == ("RES",)  # the first picked in config order; the merged window does all three
    assert plan.request == {
        "certificates": [
            {"code": "juminhyo", "copies": 3},
            {"code": "koseki_kojin", "copies": 2},
            {"code": "kazei", "copies": 1},
        ]
    }


def test_separate_sections_become_route_steps(office_config: OfficeConfig) -> None:
    cfg = dataclasses.replace(
        office_config,
        merged_windows={},
        counters=(
            dataclasses.replace(office_config.counters[0], services=("RES", "KOSEKI_CERT")),
            dataclasses.replace(office_config.counters[1], services=("TAX",)),
        ),
    )
    assert handled_together(cfg, "RES", "KOSEKI_CERT")
    assert not handled_together(cfg, "RES", "TAX")
    plan = plan_certificates(cfg, {"nozei": 1, "koseki_zenbu": 1, "inkan": 1})
    assert plan.route == ("RES", "TAX")


@pytest.mark.parametrize(
    "picks",
    [
        {},
        {"juminhyo": 0},
        {"nope": 1},
        {"juminhyo": -1},
        {"juminhyo": 11},
        {"juminhyo": True},
        {"juminhyo": 1.5},
    ],
)
def test_bad_certificate_picks_are_refused(office_config: OfficeConfig, picks: dict) -> None:
    with pytest.raises(PlanError):
        plan_certificates(office_config, picks)


def test_bundle_plan_leaves_out_steps_closed_today(office_config: OfficeConfig) -> None:
    move_in = office_config.bundle("move_in")
    reasons = {"MYNA": "cutoff", "NHI": None, "CHILD": None, "PENSION": None, "MOVE": None}
    names = {s.code: s.names["ja"] for s in office_config.services}
    plan = plan_bundle(move_in, {1: True, 3: True, 4: True}, reasons, names)
    assert plan.route == ("MOVE", "NHI", "CHILD")
    assert plan.left_out == (("MYNA", "cutoff"),)
    assert plan.answers == {1: True, 2: False, 3: True, 4: False}
    assert plan.request["answers"] == {"1": True, "2": False, "3": True, "4": True}  # what the visitor said
    assert "マイナンバーカード（本日の受付は終了）" in plan.request["note"]
    unsure = plan_bundle(move_in, {1: "unsure"}, {})
    assert unsure.route == ("MOVE", "NHI") and unsure.request["answers"]["1"] == "unsure"
    plain = plan_bundle(move_in, {2: True}, {})
    assert plain.route == ("MOVE", "PENSION") and "note" not in plain.request


def test_priority_flags() -> None:
    assert priority_for(("wheelchair",)) == 1
    assert priority_for(("pregnancy", "interpreter")) == 1
    assert priority_for(("hearing", "interpreter", "child")) == 0
    assert priority_for(()) == 0


@pytest.mark.parametrize(
    ("text", "token", "display"),
    [
        ("http://127.0.0.1:8080/t/AbCdEfGhIjKlMnOpQrStUvWx_-12", "AbCdEfGhIjKlMnOpQrStUvWx_-12", None),
        ("https://ward.example.lg.jp/t/AbCdEfGhIjKlMnOpQrSt/?lang=en#x", "AbCdEfGhIjKlMnOpQrSt", None),
        ("AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOpQrStUvWx", None),
        ("W012", None, "W012"),
        ("w12", None, "W012"),
        ("ｗ０１２", None, "W012"),
        ("W-7", None, "W007"),
        (" A1000 ", None, "A1000"),
    ],
)
def test_checkin_input(text: str, token: str | None, display: str | None) -> None:
    parsed = parse_checkin(text)
    assert (parsed.token, parsed.display) == (token, display)


@pytest.mark.parametrize("text", ["", "   ", "W", "W000", "12", "http://x/t/short", "こんにちは", "W12345"])
def test_checkin_input_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError):
        parse_checkin(text)


def test_slip_for_a_route_ticket(open_engine: QueueEngine, now: datetime) -> None:
    open_engine.issue("MOVE", now=now - timedelta(minutes=5))
    t = open_engine.issue_bundle("move_in", {1: True}, now=now, lang="en").ticket
    slip = slip_for(open_engine, t, "en", now + timedelta(minutes=1))
    assert slip.display_number == t.display and slip.people_ahead == 1
    assert slip.service_name == "Moving in / out / within the city"
    assert slip.service_name_ja == "住民異動（転入・転出・転居）"
    assert list(slip.route) == ["Moving in / out / within the city", "National Health Insurance"]
    assert slip.status_url == open_engine.config.status_url(t.token)
    assert slip.wait is not None and slip.wait.kind == "minutes" and (slip.wait.minutes or 0) % 5 == 0
    assert slip.issued_at == now.astimezone(TOKYO)
    assert slip.office_name == "Minato Ward Office, Yokohama"
