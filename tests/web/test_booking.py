"""来庁予約 on the phone through HTTP: book (service and life event), the confirmation mail with its cancel link
(no address stored), cancel, the limits, and 20 parallel requests for the last seat of a slot."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from shared.booking import BookingDesk
from shared.booking_settings import BookingSettings
from shared.config import OfficeConfig, load_config
from shared.office import open_office
from shared.web.app import create_app
from tests.web.conftest import BASE, Clock, csrf_of, profile_with, smtp_line

BOOKING = BookingSettings(enabled=True, services=("MOVE", "NHI"), shares={"NHI": 0.5}, per_device_per_day=2)
DAY = "2026-11-25"  # the day after the fixtures' NOW (Tuesday 2026-11-24 10:00)


def with_booking(cfg: OfficeConfig, **kw) -> OfficeConfig:
    return dataclasses.replace(cfg, booking=dataclasses.replace(BOOKING, **kw))


@pytest.fixture
def cfg(office_config: OfficeConfig) -> OfficeConfig:
    return with_booking(office_config)


@pytest.fixture
def app_client(db_path: Path, cfg: OfficeConfig, clock: Clock) -> Iterator[TestClient]:
    app = create_app(db_path, cfg, clock=clock, run_alerts=False)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        yield c


MOVE_IN_ANSWERS = {"q_move_in_1": "yes", "q_move_in_2": "no", "q_move_in_3": "unsure", "q_move_in_4": "no"}


def book(client: TestClient, choice="s:NHI", day=DAY, time="11:00", email=None, lang="ja", answers=None):
    answers = MOVE_IN_ANSWERS if answers is None and choice == "b:move_in" else answers or {}
    qs = "".join(f"&{k}={v}" for k, v in answers.items())
    page = client.get(f"/book?choice={choice}&day={day}{qs}&lang={lang}")
    assert page.status_code == 200, page.text
    data = {"csrf": csrf_of(page.text), "choice": choice, "day": day, "time": time, "lang": lang, **answers}
    if email:
        data["email"] = email
    return client.post("/book", data=data, follow_redirects=False)


def test_three_steps_then_booking_page_with_number_and_qr(app_client, db_path, cfg):
    assert 'href="/book?lang=en"' in app_client.get("/?lang=en").text  # the office page links to it
    step1 = app_client.get("/book?lang=en")
    assert step1.status_code == 200 and "Book a visit" in step1.text and "choice=s%3ANHI" in step1.text
    assert "choice=b%3Amove_in" in step1.text  # a life event whose first step is bookable
    step2 = app_client.get("/book?choice=s:NHI&lang=en")
    assert f"day={DAY}" in step2.text and "11/25 (Wednesday)" in step2.text
    step3 = app_client.get(f"/book?choice=s:NHI&day={DAY}&lang=en")
    assert 'value="11:00"' in step3.text and "1 left" in step3.text
    r = book(app_client, lang="en")
    assert r.status_code == 303 and r.headers["location"].startswith("/b/")
    page = app_client.get(r.headers["location"])
    number = re.search(r'data-number="(\d{4}-\d{4})"', page.text).group(1)
    assert (
        "<svg" in page.text
        and "11/25 (Wednesday) 11:00" in page.text
        and "Check-in opens at 10:30" in page.text
    )
    e = open_office(db_path, cfg)
    b = BookingDesk(e).find(number)
    assert b.state == "booked" and b.service == "NHI" and b.channel == "web" and b.device_hash
    e.store.close()


def test_life_event_booking_uses_its_first_steps_seats(app_client):
    r = book(app_client, choice="b:move_in", time="10:00")
    assert r.status_code == 303
    again = app_client.get(f"/book?choice=s:MOVE&day={DAY}&lang=ja")
    assert re.search(r'value="10:00" required disabled', again.text)  # MOVE 10:00 had one seat: now full


def test_a_life_event_asks_its_questions_before_the_day_and_the_ticket_follows_the_answers(
    app_client, db_path, cfg, clock
):
    step = app_client.get("/book?choice=b:move_in&lang=en")
    # its own yes/no questions first (nothing chosen for the visitor), no day offered yet
    assert "Will you join National Health Insurance?" in step.text and f"day={DAY}" not in step.text
    assert 'name="q_move_in_1" value="yes" required>' in step.text and "checked" not in step.text
    half = app_client.get("/book?choice=b:move_in&q_move_in_1=yes&lang=en")  # three left unanswered
    assert f"day={DAY}" not in half.text and 'value="yes" required checked' in half.text
    qs = "".join(f"&{k}={v}" for k, v in MOVE_IN_ANSWERS.items())
    days = app_client.get(f"/book?choice=b:move_in{qs}&lang=en")
    assert f"day={DAY}&amp;q_move_in_1=yes&amp;q_move_in_2=no" in days.text  # the answers ride along
    slots = app_client.get(f"/book?choice=b:move_in&day={DAY}{qs}&lang=en")
    assert '<input type="hidden" name="q_move_in_3" value="unsure">' in slots.text
    unanswered = app_client.post(
        "/book",
        data={"csrf": csrf_of(slots.text), "choice": "b:move_in", "day": DAY, "time": "10:00", "lang": "en"},
        follow_redirects=False,
    )
    assert unanswered.status_code == 400 and "Will you join National Health Insurance?" in unanswered.text
    r = book(app_client, choice="b:move_in", time="10:00")
    assert r.status_code == 303
    token = r.headers["location"].split("?")[0].split("/b/")[1]
    e = open_office(db_path, cfg)
    ci = BookingDesk(e).check_in(token, now=clock.now + timedelta(days=1, minutes=-15))  # 09:45 on the day
    # NHI yes, PENSION no, CHILD unsure (asked at the counter), MYNA no
    assert ci.outcome.ticket.route == ("MOVE", "NHI", "CHILD")
    e.store.close()


def test_cancel_frees_the_seat_at_once_and_get_never_cancels(app_client):
    r = book(app_client)
    url = r.headers["location"].split("?")[0]
    page = app_client.get(url)  # a mail scanner opening the link cancels nothing
    assert "予約を取り消す" in page.text
    full = app_client.get(f"/book?choice=s:NHI&day={DAY}&lang=ja")
    assert re.search(r'value="11:00" required disabled', full.text)
    cancelled = app_client.post(
        f"{url}/cancel", data={"csrf": csrf_of(page.text), "lang": "ja"}, follow_redirects=True
    )
    assert "この予約は取り消されました" in cancelled.text
    free = app_client.get(f"/book?choice=s:NHI&day={DAY}&lang=ja")
    assert not re.search(r'value="11:00" required disabled', free.text)
    forged = app_client.post(f"{url}/cancel", data={"csrf": "x", "lang": "ja"})
    assert forged.status_code == 403


def test_full_slot_and_device_limit_are_worded(app_client, clock):
    assert book(app_client).status_code == 303
    r = book(app_client)  # the same seat again
    assert r.status_code == 409 and "満席" in r.text
    assert book(app_client, time="11:30").status_code == 303
    r = book(app_client, time="12:00")  # a third booking that day from this phone
    assert r.status_code == 429 and "2 件まで" in r.text
    assert "Traceback" not in r.text


def test_unknown_token_and_bad_choice(app_client):
    assert app_client.get("/b/" + "x" * 24).status_code == 404
    csrf = csrf_of(app_client.get(f"/book?choice=s:NHI&day={DAY}").text)
    for choice, day, time in (("s:RES", DAY, "11:00"), ("s:NHI", DAY, "11:07"), ("s:NHI", "2026-13-01", "x")):
        data = {"csrf": csrf, "choice": choice, "day": day, "time": time, "lang": "ja"}
        r = app_client.post("/book", data=data)  # not bookable, not a slot, not a date
        assert r.status_code == 400 and "選んでください" in r.text


def test_pages_absent_when_booking_is_off(db_path, office_config, clock):
    app = create_app(db_path, office_config, clock=clock, run_alerts=False)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        assert c.get("/book").status_code == 404
        assert 'href="/book' not in c.get("/").text


def mail_text(envelope) -> tuple[str, str]:
    mail = message_from_bytes(envelope.content)
    subject = str(make_header(decode_header(mail["Subject"])))
    return subject, mail.get_payload(decode=True).decode(mail.get_content_charset())


def test_confirmation_mail_has_the_cancel_link_and_no_address_is_stored(
    db_path, tmp_path, smtp_port, inbox, clock
):
    cfg = with_booking(
        load_config(profile_with(tmp_path / "office.toml", smtp_line(smtp_port))), per_address_per_day=1
    )
    app = create_app(db_path, cfg, clock=clock, run_alerts=False)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        r = book(c, email="Visitor.Tanaka@Example.COM")
        assert r.status_code == 303
        subject, body = mail_text(inbox.messages[0])
        token = r.headers["location"].split("?")[0].split("/b/")[1]
        assert "来庁予約" in subject and f"/b/{token}" in body and "11:00" in body
        r2 = book(c, time="12:00", email="visitor.tanaka@example.com")  # the same address: one a day
        assert r2.status_code == 429
    e = open_office(db_path, cfg)
    dump = "\n".join(str(row) for row in e.store.db.execute("SELECT * FROM booking").fetchall())
    assert "tanaka" not in dump.lower() and "example" not in dump.lower()
    assert e.store.db.scalar("SELECT addr_key FROM booking") is not None
    e.store.close()


def test_twenty_parallel_requests_for_the_last_seat(db_path, cfg, clock):
    """Twenty phones (each its own cookie jar) post for the one seat at once: exactly one gets it."""
    app = create_app(db_path, cfg, clock=clock, run_alerts=False)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as first:
        clients = [first] + [TestClient(app, base_url=BASE, raise_server_exceptions=False) for _ in range(19)]
        forms = []
        for c in clients:
            page = c.get(f"/book?choice=s:NHI&day={DAY}&lang=ja")
            forms.append(
                {"csrf": csrf_of(page.text), "choice": "s:NHI", "day": DAY, "time": "11:00", "lang": "ja"}
            )
        with ThreadPoolExecutor(20) as pool:
            codes = list(
                pool.map(
                    lambda cf: cf[0].post("/book", data=cf[1], follow_redirects=False).status_code,
                    zip(clients, forms, strict=True),
                )
            )
    assert sorted(codes) == [303] + [409] * 19, codes
    e = open_office(db_path, cfg)
    assert e.store.db.scalar("SELECT count(*) FROM booking") == 1
    e.store.close()


def test_check_in_after_web_booking_then_no_show(app_client, db_path, cfg, clock):
    r = book(app_client, time="11:00")
    token = r.headers["location"].split("?")[0].split("/b/")[1]
    e = open_office(db_path, cfg)
    desk = BookingDesk(e)
    ci = desk.check_in(token, now=clock.now + timedelta(days=1, minutes=45))  # 10:45 on the day
    assert not ci.late and ci.outcome.ticket.display.startswith("F")
    page = app_client.get(f"/b/{token}?lang=ja")
    assert "受付済み" in page.text
    r2 = book(app_client, time="13:00")
    token2 = r2.headers["location"].split("?")[0].split("/b/")[1]
    desk.expire(clock.now + timedelta(days=1, hours=3, minutes=11))
    assert "予約の時間を過ぎました" in app_client.get(f"/b/{token2}?lang=ja").text
    e.store.close()
