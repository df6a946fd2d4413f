"""行かない on the phone (issue #20): ``/issue`` offers a service's alternative before a web ticket, with two
equal choices; taking it issues no ticket and logs 'diverted' with channel web."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from shared.engine import QueueEngine
from shared.models import EventType
from shared.web.app import create_app
from tests.web.conftest import BASE, csrf_of


def _post(client: TestClient, path: str, **data: str):
    csrf = csrf_of(client.get("/issue").text)
    return client.post(path, data={"csrf": csrf, **data}, follow_redirects=False)


def _events(office: QueueEngine, kind: str) -> list[dict]:
    return [e for e in office.store.events() if e["type"] == kind]


def _tickets(office: QueueEngine, now: datetime) -> list:
    return office.store.tickets_of_day(office.day(now))


def test_the_offer_comes_before_the_web_ticket_with_two_equal_choices(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    r = _post(client, "/issue", choice="s:MOVE")
    assert r.status_code == 200 and _tickets(office, now) == []
    html = r.text
    assert "オンラインでもできます" in html and "マイナポータル" in html and "24時間いつでも" in html
    buttons = re.findall(
        r'<button type="submit" class="([^"]+)" name="(take|counter)" value="1">([^<]+)</button>', html
    )
    assert buttons == [
        ("button", "take", "オンラインで手続きする"),
        ("button", "counter", "窓口で手続きする"),
    ]
    (e,) = _events(office, EventType.OFFERED)
    assert (e["service"], e["data"], e["ticket_id"]) == (
        "MOVE",
        {"alternative": "online", "channel": "web"},
        None,
    )


def test_taking_the_alternative_shows_the_guide_and_logs_diverted(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    _post(client, "/issue", choice="s:MOVE", lang="en")
    r = _post(client, "/issue/divert", choice="s:MOVE", lang="en")
    assert r.status_code == 200
    assert "Scan the QR code with your smartphone" in r.text and "<svg" in r.text
    assert 'href="https://myna.go.jp/"' in r.text and "No ticket was issued." in r.text
    (e,) = _events(office, EventType.DIVERTED)
    assert (e["service"], e["data"]) == ("MOVE", {"alternative": "online", "channel": "web"})
    assert e["ticket_id"] is None and e["actor"] is None
    assert _tickets(office, now) == []


def test_choosing_the_counter_issues_the_web_ticket_as_before(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    _post(client, "/issue", choice="s:MOVE")
    r = _post(client, "/issue", choice="s:MOVE", alt="counter")
    assert r.status_code == 303 and r.headers["location"].startswith("/t/")
    (t,) = _tickets(office, now)
    assert t.channel == "web" and t.route == ("MOVE",)
    assert len(_events(office, EventType.OFFERED)) == 1 and _events(office, EventType.DIVERTED) == []
    r = _post(client, "/issue", choice="s:MYNA")  # no alternative: straight to the ticket
    assert r.status_code == 303


def test_the_offer_comes_once_per_visit(client: TestClient, office: QueueEngine, now: datetime) -> None:
    assert _post(client, "/issue", choice="s:MOVE").status_code == 200
    r = _post(client, "/issue", choice="s:MOVE")  # back and chose the same again: no second offer
    assert r.status_code == 303 and len(_tickets(office, now)) == 1
    other = TestClient(client.app, base_url=BASE)  # another phone is offered it
    assert _post(other, "/issue", choice="s:MOVE").status_code == 200
    assert len(_events(office, EventType.OFFERED)) == 2


@pytest.mark.parametrize(
    "data, status",
    [
        ({"choice": "s:MYNA"}, 400),  # no alternative to take
        ({"choice": "s:RES"}, 403),  # not a web service
        ({"choice": "b:move_in"}, 400),
    ],
)
def test_divert_refuses_what_is_not_offered(client: TestClient, office: QueueEngine, data, status) -> None:
    assert _post(client, "/issue/divert", **data).status_code == status
    r = client.post("/issue/divert", data={"csrf": "forged", "choice": "s:MOVE"}, follow_redirects=False)
    assert r.status_code == 403
    assert _events(office, EventType.DIVERTED) == []


def test_an_office_can_switch_the_offer_off(db_path, office_config, clock, office: QueueEngine, now) -> None:
    services = tuple(
        dataclasses.replace(
            s, alternatives=tuple(dataclasses.replace(a, enabled=False) for a in s.alternatives)
        )
        for s in office_config.services
    )
    cfg = dataclasses.replace(office_config, services=services)
    app = create_app(db_path, cfg, clock=clock, run_alerts=False)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        assert _post(c, "/issue", choice="s:MOVE").status_code == 303
        assert _post(c, "/issue/divert", choice="s:MOVE").status_code == 400
    assert _events(office, EventType.OFFERED) == [] and len(_tickets(office, now)) == 1
