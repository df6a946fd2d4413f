"""The ticket status page, the congestion page and the JSON API, over HTTP, on a real SQLite file."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.office import open_office
from shared.storage.web_store import WebStore
from tests.conftest import always_open
from tests.web.conftest import Clock


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_waiting_ticket_page_shows_number_place_estimate_and_calls(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    first = office.issue("RES", now=now).ticket
    for _ in range(3):
        office.issue("RES", now=now)
    mine = office.issue("RES", now=now).ticket
    office.call_next(1, now=now)  # calls first
    r = client.get(f"/t/{mine.token}")
    assert r.status_code == 200
    page = text_of(r.text)
    assert mine.display in page and "住民票・印鑑証明" in page and "待機中" in page
    assert "あと3人" in page
    assert re.search(r"約\d+分（参考）", page), page  # day one: no history, so a rough figure that says so
    assert "10:00 更新" in page
    assert f"{first.display} → 1番窓口" in page
    assert r.headers["cache-control"] == "no-store"
    assert first.token not in r.text  # nothing about other tickets beyond public numbers


def test_called_held_done_pickup_states(client: TestClient, office: QueueEngine, now: datetime) -> None:
    t = office.issue("MYNA", now=now).ticket
    office.call_next(10, now=now)
    page = text_of(client.get(f"/t/{t.token}").text)
    assert "呼出中" in page and "10番窓口へお越しください" in page
    office.hold(10, now=now)
    assert "保留" in text_of(client.get(f"/t/{t.token}").text)
    office.call_number(10, t.display, now=now)
    office.finish(10, now=now)  # MYNA has a 交付 (pickup) stage
    assert "交付待ち" in text_of(client.get(f"/t/{t.token}").text)
    office.open_counter(11, now=now)
    office.call_next(11, now=now)
    office.finish(11, now=now)
    page = text_of(client.get(f"/t/{t.token}").text)
    assert "完了" in page and "あと" not in page


def test_unknown_malformed_and_expired_tokens_get_a_kind_404(
    client: TestClient, office: QueueEngine, now: datetime, clock: Clock
) -> None:
    t = office.issue("RES", now=now).ticket
    altered = t.token[:-1] + (
        "y" if t.token.endswith("x") else "x"
    )  # one character off, never the token itself
    for path in ("/t/" + "A" * 32, "/t/short", "/t/" + "%3Cscript%3E" * 3, "/t/" + altered):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "番号札が見つかりません" in r.text and "Traceback" not in r.text
    clock.advance(days=1)  # the ticket was valid yesterday only
    r = client.get(f"/t/{t.token}")
    assert r.status_code == 404 and "その日だけ" not in r.text and "発行した日だけ有効" in r.text
    assert client.get(f"/api/t/{t.token}").status_code == 404
    assert client.get(f"/api/t/{t.token}").json()["error"] == "nf_title"


def test_language_switch_cookie_and_negotiation(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    t = office.issue("RES", now=now, lang="ko").ticket
    assert "대기 중" in client.get(f"/t/{t.token}").text  # the kiosk language is the default
    r = client.get(f"/t/{t.token}?lang=en")
    assert "Waiting" in r.text and "Residence &amp; seal certificates" in r.text and 'lang="en"' in r.text
    assert "mdg_lang=en" in r.headers["set-cookie"]
    assert "Waiting" in client.get(f"/t/{t.token}").text  # remembered
    for code, word in (
        ("ja_easy", "まって います"),
        ("zh_hans", "等候中"),
        ("vi", "Đang chờ"),
        ("tl", "Naghihintay"),
        ("ne", "पर्खँदै"),
        ("pt", "Aguardando"),
        ("ja", "待機中"),
    ):
        assert word in client.get(f"/t/{t.token}?lang={code}").text, code
    assert client.get(f"/t/{t.token}?lang=fr").status_code == 400
    client.cookies.clear()
    r = client.get("/", headers={"Accept-Language": "pt-BR,pt;q=0.9,en;q=0.5"})
    assert "Movimento nos guichês" in r.text


def test_security_headers(client: TestClient, office: QueueEngine, now: datetime) -> None:
    t = office.issue("RES", now=now).ticket
    for path in (
        "/",
        f"/t/{t.token}",
        "/api/status",
        "/issue",
        "/t/nothing-here-at-all",
        f"/api/t/{t.token}",
    ):
        h = client.get(path).headers
        assert h["x-content-type-options"] == "nosniff", path
        assert h["referrer-policy"] == "no-referrer", path
        assert "frame-ancestors 'none'" in h["content-security-policy"], path
        assert "script-src 'self'" in h["content-security-policy"], path
        assert h["x-frame-options"] == "DENY", path
        assert "server" not in h or "uvicorn" not in h["server"]
    assert client.get(f"/t/{t.token}").headers["x-robots-tag"].startswith("noindex")


def test_api_status_is_public_counts_only(client: TestClient, office: QueueEngine, now: datetime) -> None:
    tickets = [office.issue("RES", now=now).ticket for _ in range(3)] + [office.issue("MOVE", now=now).ticket]
    office.call_next(1, now=now)
    r = client.get("/api/status")
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    doc = r.json()
    res = next(s for s in doc["services"] if s["code"] == "RES")
    assert res["waiting"] == 2 and res["now_calling"] == [{"number": tickets[0].display, "counter": 1}]
    assert res["estimate_min"]["low"] <= res["estimate_min"]["high"]
    assert next(s for s in doc["services"] if s["code"] == "MOVE")["waiting"] == 1
    assert next(s for s in doc["services"] if s["code"] == "MYNA")["web_ticket"] is True
    body = r.text
    assert all(t.token not in body for t in tickets)
    assert "clerk" not in body and "reason" not in body


def test_api_ticket_shows_only_its_own_ticket(client: TestClient, office: QueueEngine, now: datetime) -> None:
    a = office.issue("RES", now=now).ticket
    b = office.issue("RES", now=now).ticket
    doc = client.get(f"/api/t/{b.token}").json()
    assert doc["number"] == b.display and doc["ahead"] == 1 and doc["state"] == "waiting"
    assert a.token not in json.dumps(doc) and a.display not in json.dumps(doc)  # a is waiting: not public
    assert set(doc) == {
        "number",
        "service",
        "state",
        "stage",
        "counter",
        "ahead",
        "estimate_min",
        "checkin_needed",
        "route",
        "now_calling",
        "open",
        "updated",
    }


def test_token_lookup_compares_the_secret_part_in_constant_time(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    t = office.issue("RES", now=now).ticket
    web = WebStore(office.store.db)
    assert web.ticket_id_by_token(t.token) == t.id
    assert (
        web.ticket_id_by_token(t.token[:8] + "x" * (len(t.token) - 8)) is None
    )  # same selector, wrong secret
    assert web.ticket_id_by_token(t.token[:8]) is None
    assert len(t.token) >= 32  # 24 random bytes


def test_live_fragment_follows_another_process(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    t = office.issue("RES", now=now).ticket
    before = client.get(f"/api/t/{t.token}/live").json()
    assert before["state"] == "waiting" and "待機中" in before["html"]
    office.call_next(1, now=now)
    after = client.get(f"/api/t/{t.token}/live").json()
    assert after["state"] == "called" and after["counter"] == 1 and "1番窓口へお越しください" in after["html"]
    assert "呼出中" in after["summary"]
    office_live = client.get("/api/status/live?lang=en").json()
    assert "Now calling" in office_live["html"] and t.display in office_live["html"]


def test_usually_busy_chart_from_history(
    client: TestClient, db_path: Path, office_config: OfficeConfig, now: datetime
) -> None:
    # the four previous Tuesdays (one was 文化の日; history is history): busy at 11:00, quiet at 9:00;
    # a Monday that must not count
    office = open_office(db_path, always_open(office_config))
    for weeks in range(1, 5):
        day = now - timedelta(weeks=weeks)
        for _ in range(6):
            office.issue("RES", now=day.replace(hour=11, minute=5))
        office.issue("RES", now=day.replace(hour=9, minute=5))
    monday = now - timedelta(days=1)
    for _ in range(30):
        office.issue("RES", now=monday.replace(hour=9, minute=30))
    office.store.close()
    doc = client.get("/api/status").json()["usually_busy"]
    hours = {h["hour"]: h for h in doc["hours"]}
    assert doc["weekday"] == 1 and doc["days"] == 4
    assert (
        hours[11]["mean_tickets"] == 6.0
        and hours[9]["mean_tickets"] == 1.0
        and hours[14]["mean_tickets"] == 0
    )
    page = text_of(client.get("/").text)
    assert "いつもの混み具合（火曜日）" in page and "11時" in page and "混雑" in page


def test_healthz_robots_and_service_worker(client: TestClient) -> None:
    assert client.get("/healthz").json()["ok"] is True
    assert "Disallow: /t/" in client.get("/robots.txt").text
    sw = client.get("/sw.js")
    assert sw.headers["content-type"].startswith("application/javascript") and "notificationclick" in sw.text


def test_live_stream_renders_again_exactly_when_the_page_would_change(
    client: TestClient, office: QueueEngine, now: datetime, clock: Clock
) -> None:
    from shared.web.live import SKIP, ticket_step

    other = office.issue("MOVE", now=now).ticket
    t = office.issue("RES", now=now).ticket
    step = ticket_step(client.app.state.ctx, t.token, "ja")
    key, payload = step(None, False)
    assert payload is not SKIP and payload["state"] == "waiting"
    office.call_next(4, now=now)  # another queue moved: nothing on this page changes
    assert step(key, False)[1] is SKIP
    assert step(key, True)[1] is not SKIP  # the heartbeat re-renders anyway (estimates follow the pool)
    web = WebStore(office.store.db)
    with web.transaction():
        sub = web.upsert_subscription(
            ticket_id=t.id, channel="page", address=None, lang="ja", people=[3], minutes=[], ts=0.0
        )
        aid = web.claim_alert(
            subscription_id=sub,
            ticket_id=t.id,
            leg_id=office.store.open_leg(t.id).id,
            kind="ahead",
            value=3,
            channel="page",
            ts=0.0,
            title="T",
            body="B",
        )
    key, payload = step(key, False)
    assert payload is not SKIP and payload["alerts"] == []  # pending is not shown yet
    with web.transaction():
        web.mark_alert(aid, "sent", 1.0)
    key, payload = step(key, False)
    assert payload is not SKIP and [a["id"] for a in payload["alerts"]] == [aid]
    office.call_next(1, now=now)
    key, payload = step(key, False)
    assert payload["state"] == "called" and payload["counter"] == 1
    assert other.token not in payload["html"]
    clock.advance(days=1)
    assert step(key, False) == (None, None)  # yesterday's ticket is gone: the stream tells the page


def test_easy_japanese_has_furigana_and_counts_have_plural_forms(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    from shared.web.i18n import tr

    html = client.get("/?lang=ja_easy").text
    assert "<ruby>住民票<rp>（</rp><rt>じゅうみんひょう</rt><rp>）</rp></ruby>" in html
    assert "<ruby>区役所" in html and "<title>" in html and "<title><ruby>" not in html  # never in the title
    assert "<ruby>" not in client.get("/?lang=ja").text
    assert tr("en", "alert_people", n=1) == "When 1 person is ahead"
    assert tr("en", "alert_people", n=3) == "When 3 people are ahead"
    assert tr("pt", "alert_minutes", n=1) == "Quando faltar cerca de 1 minuto"
    assert tr("pt", "alert_people", n=5) == "Quando faltarem 5 pessoas"
    assert tr("en", "err_rate", minutes=1).endswith("about 1 min.")


def test_nobody_ahead_before_any_counter_opens_says_counters_not_open_not_next(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    """「次の番です」 beside 「窓口準備中」 contradicted itself: with no counter open, nobody is next yet."""
    from shared.estimate import estimate_ticket
    from shared.estimate_text import shown

    mine = office.issue("PENSION", now=now).ticket
    e = estimate_ticket(office, mine, now)
    assert e is not None and shown(e).kind == "not_open"  # the fixture office opens no counter for PENSION
    page = text_of(client.get(f"/t/{mine.token}").text)
    assert "窓口準備中" in page and "次があなたの番です" not in page, page
    office.open_counter(8, now=now, services=["PENSION"])
    page = text_of(client.get(f"/t/{mine.token}").text)
    assert "次があなたの番です" in page and "窓口準備中" not in page, page
