"""Web tickets in advance: hours, allowed services, CSRF, rate limits (surviving a restart), the daily cap
(raced by real processes), life-event routes and check-in at the kiosk."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.office import open_office
from shared.storage.web_store import WebStore
from shared.web.app import create_app
from shared.web.issuing import IssueRequest, issue_web_ticket
from tests.web.conftest import BASE, Clock, all_web, csrf_of


def issue(client: TestClient, choice: str = "s:MYNA", **extra: str):
    csrf = csrf_of(client.get("/issue").text)
    return client.post("/issue", data={"csrf": csrf, "choice": choice, **extra}, follow_redirects=False)


def web_tickets(office: QueueEngine, now: datetime) -> list:
    return [t for t in office.store.tickets_of_day(office.day(now)) if t.channel == "web"]


def test_issue_page_lists_only_web_services(client: TestClient) -> None:
    html = client.get("/issue").text
    assert 'value="s:MYNA"' in html and 'value="s:RES"' not in html
    assert "09:30〜16:00" in html and "mdg_dev=" in client.get("/issue").headers.get("set-cookie", "mdg_dev=")


def test_issue_gives_a_web_number_that_must_check_in(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    r = issue(client, lang="en")
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith("/t/") and "lang=en" in location
    [t] = web_tickets(office, now)
    assert t.display.startswith("W") and not t.checked_in and t.lang == "en"
    page = client.get(location).text
    assert t.display in page and "Check in when you arrive" in page and "<svg" in page
    assert "Your ticket has been issued." in page
    # held, not skipped: call-next at the MYNA counter passes it over until it is checked in ...
    kiosk = office.issue("MYNA", now=now).ticket
    assert office.call_next(10, now=now).ticket.id == kiosk.id
    office.finish(10, now=now)
    assert office.call_next(10, now=now).ticket is None
    assert client.get(f"/api/t/{t.token}").json()["checkin_needed"] is True
    # ... and keeps its place once the kiosk checks it in (the kiosk process calls engine.check_in)
    office.check_in(t.token, now=now)
    page = client.get(location).text
    assert "Checked in" in page and "<svg" not in page
    assert office.call_next(10, now=now).ticket.id == t.id
    # the issue page remembers the device's ticket
    assert t.display in client.get("/issue").text


def test_csrf_is_required(client: TestClient, office: QueueEngine, now: datetime) -> None:
    client.get("/issue")
    assert client.post("/issue", data={"choice": "s:MYNA"}).status_code == 403
    assert client.post("/issue", data={"choice": "s:MYNA", "csrf": "forged"}).status_code == 403
    csrf = csrf_of(client.get("/issue").text)
    r = client.post(
        "/issue", data={"choice": "s:MYNA", "csrf": csrf}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert r.status_code == 403
    r = client.post(
        "/issue", data={"choice": "s:MYNA", "csrf": csrf}, headers={"Origin": "https://evil.example"}
    )
    assert r.status_code == 403 and "ページの有効期限が切れました" in r.text
    other = TestClient(client.app, base_url=BASE)  # another device replaying this device's token
    other.get("/issue")
    assert other.post("/issue", data={"choice": "s:MYNA", "csrf": csrf}).status_code == 403
    assert web_tickets(office, now) == []


def test_hours_and_allowed_services(
    client: TestClient, office: QueueEngine, now: datetime, clock: Clock
) -> None:
    r = issue(client, "s:RES")
    assert r.status_code == 403 and "WEB発券できません" in r.text
    assert issue(client, "s:NOPE").status_code == 400
    assert issue(client, "x").status_code == 400
    csrf = csrf_of(client.get("/issue").text)  # the form was opened while web tickets were on offer
    for when in (
        now.replace(hour=9, minute=0),  # office open, web from 9:30
        now.replace(hour=16, minute=0),  # web until 16:00
        now.replace(day=29, hour=10),  # Sunday
        now.replace(day=23, hour=10),
    ):  # 勤労感謝の日 (Monday holiday)
        clock.now = when
        r = client.post("/issue", data={"csrf": csrf, "choice": "s:MYNA"})
        assert r.status_code == 403 and "受付時間外" in r.text, when
        assert "ただいまWEB発券の受付時間外です" in client.get("/issue").text
    clock.now = now.replace(hour=15, minute=59)
    assert issue(client).status_code == 303
    assert len(web_tickets(office, now)) == 1


def test_rate_limit_per_device_survives_a_restart(
    db_path: Path, office_config: OfficeConfig, office: QueueEngine, clock: Clock, now: datetime
) -> None:
    limit = office_config.web.rate_limit_per_hour
    with TestClient(create_app(db_path, office_config, clock=clock, run_alerts=False), base_url=BASE) as c:
        for _ in range(limit):
            assert issue(c).status_code == 303
        r = issue(c)
        assert r.status_code == 429 and "分ほど待ってから" in r.text
        device = c.cookies["mdg_dev"]
    clock.advance(minutes=10)
    with TestClient(create_app(db_path, office_config, clock=clock, run_alerts=False), base_url=BASE) as c:
        c.cookies.set("mdg_dev", device)
        assert issue(c).status_code == 429  # a restarted web process remembers
        clock.advance(minutes=51)
        assert issue(c).status_code == 303  # the oldest hit left the hour window
    assert len(web_tickets(office, now)) == limit + 1


def test_rate_limit_per_ip_across_devices(
    db_path: Path, office_config: OfficeConfig, office: QueueEngine, clock: Clock
) -> None:
    config = dataclasses.replace(
        office_config, web=dataclasses.replace(office_config.web, ip_limit_per_hour=3)
    )
    app = create_app(db_path, config, clock=clock, run_alerts=False)
    codes = []
    for _ in range(4):
        with TestClient(app, base_url=BASE) as c:  # a new device (cookie jar) each time, one IP
            codes.append(issue(c).status_code)
    assert codes == [303, 303, 303, 429]


def test_daily_cap_per_service(
    db_path: Path, office_config: OfficeConfig, clock: Clock, office: QueueEngine, now: datetime
) -> None:
    config = dataclasses.replace(office_config, web=dataclasses.replace(office_config.web, daily_cap=2))
    app = create_app(db_path, config, clock=clock, run_alerts=False)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        assert [issue(client).status_code for _ in range(3)] == [303, 303, 409]
        assert "上限に達しました" in issue(client).text
    assert office.issue("MYNA", now=now).ticket is not None  # the kiosk is not limited by the web cap


def test_life_event_route_from_the_web(
    db_path: Path, office_config: OfficeConfig, clock: Clock, now: datetime
) -> None:
    cfg = all_web(office_config)
    with TestClient(create_app(db_path, cfg, clock=clock, run_alerts=False), base_url=BASE) as c:
        html = c.get("/issue?lang=en").text
        assert 'value="b:move_in"' in html and "Will you join National Health Insurance?" not in html
        step2 = issue(c, "b:move_in")  # step 1 chose a life event: its questions, and only its, come next
        assert step2.status_code == 200 and "Will you join National Health Insurance?" in step2.text
        assert "Does anyone aged 20–59" in step2.text and "Was the deceased" not in step2.text
        assert step2.text.count('value="unsure"') == 4 and " checked" not in step2.text  # nothing pre-chosen
        assert c.get("/issue?event=move_in&lang=en").text.count('value="unsure"') == 4  # a link works too
        half = issue(c, "b:move_in", answered="1", q_move_in_1="yes", q_move_in_2="unsure")
        assert half.status_code == 400 and "Please answer every question." in half.text
        assert 'value="unsure" required checked' in half.text  # what was answered stays answered
        r = issue(c, "b:move_in", q_move_in_1="yes", q_move_in_2="no", q_move_in_3="no", q_move_in_4="yes")
        assert r.status_code == 303
        assert issue(c, "b:move_in", q_move_in_0="yes").status_code == 400  # step 0 asks nothing
        assert issue(c, "b:move_in", q_move_in_1="maybe").status_code == 400
        assert issue(c, "b:nope").status_code == 400
        doc = c.get(r.headers["location"].replace("/t/", "/api/t/").split("?")[0]).json()
    assert [s["code"] for s in doc["route"]] == ["MOVE", "NHI", "MYNA"]
    assert doc["service"]["code"] == "MOVE" and doc["route"][0]["status"] == "now"


def test_unsure_keeps_the_step_and_tells_the_clerk(
    db_path: Path, office_config: OfficeConfig, clock: Clock, office: QueueEngine, now: datetime
) -> None:
    """「わからない」 keeps the step on the route, and the ticket's request says "unsure" for the clerk to confirm."""
    cfg = all_web(office_config)
    with TestClient(create_app(db_path, cfg, clock=clock, run_alerts=False), base_url=BASE) as c:
        r = issue(c, "b:move_in", q_move_in_1="unsure", q_move_in_2="no", q_move_in_3="no", q_move_in_4="no")
        assert r.status_code == 303
    (t,) = web_tickets(office, now)
    assert t.route == ("MOVE", "NHI")
    assert t.request["answers"] == {"1": "unsure", "2": False, "3": False, "4": False}


def test_oversized_and_odd_bodies_get_4xx(client: TestClient) -> None:
    csrf = csrf_of(client.get("/issue").text)
    r = client.post("/issue", data={"csrf": csrf, "choice": "s:MYNA", "pad": "x" * 20000})
    assert r.status_code == 413
    r = client.post("/issue", files={"f": ("a.txt", b"hello")}, data={"csrf": csrf})
    assert 400 <= r.status_code < 500


def _race(db: str, config: OfficeConfig, now: datetime, n: int, tag: str, q: multiprocessing.Queue) -> None:
    web_settings = dataclasses.replace(config.web, daily_cap=5, ip_limit_per_hour=100)
    engine = open_office(db, dataclasses.replace(config, web=web_settings))
    web = WebStore(engine.store.db)
    codes = []
    for i in range(n):
        try:
            issue_web_ticket(
                engine,
                web,
                IssueRequest("MYNA"),
                device=f"{tag}-{i}-device-id-000",
                ip=f"10.0.0.{i}",
                now=now,
            )
            codes.append(303)
        except Exception as exc:  # noqa: BLE001 - report the kind of refusal to the parent
            codes.append(getattr(exc, "status", 500))
    q.put(codes)


def test_daily_cap_holds_when_processes_race(
    db_path: Path, office_config: OfficeConfig, office: QueueEngine, now: datetime
) -> None:
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    procs = [
        ctx.Process(target=_race, args=(str(db_path), office_config, now, 4, f"p{k}", q)) for k in range(3)
    ]
    for p in procs:
        p.start()
    codes = sum((q.get(timeout=30) for _ in procs), [])
    for p in procs:
        p.join(10)
    assert sorted(codes) == [303] * 5 + [409] * 7
    assert len(web_tickets(office, now)) == 5
    assert len({t.display for t in web_tickets(office, now)}) == 5


def test_unsure_survives_the_email_code_round_trip() -> None:
    """With the e-mail code the request waits in the database as JSON; 「わからない」 must come back out of it."""
    from shared.web.email_code import _payload, _request_of

    req = IssueRequest(
        bundle="move_in", answers={1: True, 2: False, 4: True}, lang="vi", unsure=frozenset({4})
    )
    back = _request_of(json.loads(json.dumps(_payload(req))), "vi")
    assert back == req and back.recorded_answers() == {"1": True, "2": False, "4": "unsure"}
