"""行かない (issue #20): a service's alternatives in the profile, and the engine's 'offered'/'diverted' events."""

from __future__ import annotations

from datetime import time

import pytest

from shared.cli import main
from shared.config import load_config
from shared.errors import ConfigError, DomainError
from shared.i18n import LANGS
from shared.models import EventType
from shared.paths import asset_path
from shared.replay import verify

DEFAULT = asset_path("offices/yokohama-ward.toml")


def patched(tmp_path, old: str, new: str):
    text = DEFAULT.read_text(encoding="utf-8")
    assert old in text, old
    p = tmp_path / "office.toml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def test_shipped_profile_offers_the_convenience_store_and_online(office_config):
    svc = office_config.service_map()
    res = svc["RES"].alternative_for(["juminhyo"])
    assert res is not None and res.kind == "konbini"
    assert res.hours == (time(6, 30), time(23, 0))
    assert "マイナンバーカード" in res.needs["ja"] and "コンビニ" in res.text["ja"]
    assert svc["RES"].alternative_for(["juminhyo", "inkan"]) is res
    assert svc["RES"].alternative_for(["juminhyo", "kisai"]) is None  # 記載事項証明 is a counter document
    assert svc["TAX"].alternative_for(["kazei"]) is not None
    assert svc["TAX"].alternative_for(["nozei"]) is None
    assert svc["KOSEKI_CERT"].alternative_for(["koseki_zenbu"]) is not None
    move = svc["MOVE"].alternative_for()
    assert move is not None and move.kind == "online" and move.url and move.url.startswith("https://")
    assert svc["NHI"].alternative_for() is None
    for s in office_config.services:
        for a in s.alternatives:
            assert set(a.text) == set(LANGS) and set(a.needs) == set(LANGS), s.code
    assert not [w for w in office_config.warnings if "alternatives" in w.key]


def test_a_switched_off_alternative_is_kept_but_not_offered(tmp_path):
    p = patched(tmp_path, 'kind = "online"\n', 'kind = "online"\nenabled = false\n')
    cfg = load_config(p)
    move = cfg.service("MOVE")
    assert len(move.alternatives) == 1 and not move.alternatives[0].enabled
    assert move.alternative_for() is None


@pytest.mark.parametrize(
    "old, new, key, reason",
    [
        ('kind = "online"', 'kind = "taxi"', "services[3].alternatives[0].kind", "must be one of konbini"),
        (
            'url = "https://myna.go.jp/"',
            'url = "myna.go.jp"',
            "services[3].alternatives[0].url",
            "must be a web address",
        ),
        ('url = "https://myna.go.jp/"\n', "", "services[3].alternatives[0].url", "needs the address"),
        (
            'documents = ["kazei"]',
            'documents = ["juminhyo"]',
            "services[2].alternatives[0].documents[0]",
            "unknown certificate 'juminhyo' of service TAX",
        ),
        (
            'documents = ["kazei"]\nhours = ["06:30", "23:00"]',
            'documents = ["kazei"]\nhours = ["23:00", "06:30"]',
            "services[2].alternatives[0].hours",
            "must be before",
        ),
        ('kind = "online"', 'kind = "online"\nqr = true', "services[3].alternatives[0].qr", "unknown key"),
    ],
)
def test_bad_alternatives_name_file_key_reason(tmp_path, old, new, key, reason):
    p = patched(tmp_path, old, new)
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert e.value.key == key, str(e.value)
    assert reason in str(e.value)


def test_config_check_warns_about_a_missing_language(tmp_path, capsys):
    text = DEFAULT.read_text(encoding="utf-8")
    start = text.index('kind = "online"')
    i = text.index(', ne = "', start)  # the online alternative's text loses its Nepali
    j = text.index('", pt = "', i)
    p = tmp_path / "office.toml"
    p.write_text(text[:i] + text[j + 1 :], encoding="utf-8")
    assert main(["config", "check", str(p)]) == 0
    _out, err = capsys.readouterr()
    assert f"{p}: services[3].alternatives[0].text: no text in ne" in err
    cfg = load_config(p)
    assert (
        cfg.service("MOVE").alternatives[0].words("text", "ne")
        == cfg.service("MOVE").alternatives[0].text["ja"]
    )


# -- the engine ---------------------------------------------------------------------------------------------
def _events(engine, *types):
    return [e for e in engine.store.events() if e["type"] in types]


def test_offer_and_divert_log_no_ticket_and_no_person(engine, now):
    engine.offer("RES", "konbini", channel="kiosk", now=now, documents=["juminhyo"])
    out = engine.divert("RES", "konbini", "kiosk", now, documents=["juminhyo"])
    assert out.ticket is None and out.events == (EventType.DIVERTED,)
    engine.offer("MOVE", "online", channel="web", now=now)
    offered = _events(engine, EventType.OFFERED)
    diverted = _events(engine, EventType.DIVERTED)
    assert [(e["service"], e["data"]) for e in offered] == [
        ("RES", {"alternative": "konbini", "channel": "kiosk", "documents": ["juminhyo"]}),
        ("MOVE", {"alternative": "online", "channel": "web"}),
    ]
    assert [(e["service"], e["data"]["channel"]) for e in diverted] == [("RES", "kiosk")]
    for e in offered + diverted:
        assert e["ticket_id"] is None and e["leg_id"] is None and e["actor"] is None and e["counter"] is None
        assert e["day"] == engine.day(now)
    assert engine.store.ticket_states() == [] and verify(engine.store) == []


def test_divert_of_a_request_across_two_windows_logs_each_service(engine, now):
    out = engine.divert(["RES", "TAX"], "konbini", "kiosk", now, documents=["juminhyo", "kazei"])
    assert out.events == (EventType.DIVERTED, EventType.DIVERTED)
    got = [(e["service"], e["data"].get("documents")) for e in _events(engine, EventType.DIVERTED)]
    assert got == [("RES", ["juminhyo"]), ("TAX", ["kazei"])]


@pytest.mark.parametrize(
    "service, kind, channel, code",
    [
        ("NHI", "konbini", "kiosk", "no_alternative"),
        ("RES", "online", "kiosk", "no_alternative"),
        ("RES", "konbini", "fax", "unknown_channel"),
        ("NOPE", "konbini", "kiosk", "unknown_service"),
    ],
)
def test_divert_refuses_what_the_profile_does_not_offer(engine, now, service, kind, channel, code):
    with pytest.raises(DomainError) as e:
        engine.divert(service, kind, channel, now)
    assert e.value.code == code
    assert _events(engine, EventType.DIVERTED) == []
