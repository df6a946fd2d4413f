"""The optional e-mail one-time code before a web ticket (``[web] email_code = true``): real HTTP, a real SQLite
file and real mail to a local aiosmtpd server; time moves only through the app's clock."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from shared.cli import main as cli_main
from shared.config import load_config
from shared.engine import QueueEngine
from shared.errors import ConfigError
from shared.storage.backend import open_database
from shared.web.app import create_app
from tests.web.conftest import BASE, Clock, Inbox, csrf_of, profile_with, smtp_line

ADDRESS = "Visitor.Tanaka@Example.COM"


def code_profile(tmp_path: Path, port: int, extra: str = "") -> Path:
    return profile_with(tmp_path / "office.toml", f"{smtp_line(port)}\nemail_code = true\n{extra}")


@pytest.fixture
def code_client(
    db_path: Path, tmp_path: Path, smtp_port: int, clock: Clock, office: QueueEngine
) -> Iterator[TestClient]:
    app = create_app(db_path, load_config(code_profile(tmp_path, smtp_port)), clock=clock, run_alerts=False)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def ask_code(client: TestClient, address: str = ADDRESS, choice: str = "s:MYNA", lang: str = "ja"):
    csrf = csrf_of(client.get(f"/issue?lang={lang}").text)
    data = {"csrf": csrf, "choice": choice, "email": address, "lang": lang}
    return client.post("/issue", data=data, follow_redirects=False)


def send_code(client: TestClient, code: str, lang: str = "ja"):
    csrf = csrf_of(client.get(f"/issue/code?lang={lang}").text)
    return client.post("/issue/code", data={"csrf": csrf, "code": code, "lang": lang}, follow_redirects=False)


def mail_text(envelope) -> tuple[str, str]:
    mail = message_from_bytes(envelope.content)
    subject = str(make_header(decode_header(mail["Subject"])))
    return subject, mail.get_payload(decode=True).decode(mail.get_content_charset())


def code_in(envelope) -> str:
    return re.search(r"\b(\d{6})\b", mail_text(envelope)[1]).group(1)


def web_tickets(office: QueueEngine, now: datetime) -> list:
    return [t for t in office.store.tickets_of_day(office.day(now)) if t.channel == "web"]


def code_rows(db_path: Path | str) -> list[tuple]:
    with open_database(db_path, migrate=False) as db:
        return db.execute("SELECT state, attempts, addr_key FROM web_email_code ORDER BY id").fetchall()


def every_row_as_text(db_path: Path | str) -> str:
    """All rows of all tables as text (SQLite: the whole dump; PostgreSQL: every user table)."""
    if isinstance(db_path, Path):
        with sqlite3.connect(db_path) as conn:
            return "\n".join(conn.iterdump())
    with open_database(db_path, migrate=False) as db:
        tables = [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return "\n".join(str(row) for t in tables for row in db.execute(f"SELECT * FROM {t}"))


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# -- the whole flow ---------------------------------------------------------------------------------------------
def test_form_mail_code_ticket(
    code_client: TestClient, inbox: Inbox, office: QueueEngine, now: datetime, db_path: Path
) -> None:
    html = code_client.get("/issue").text
    assert 'type="email" name="email"' in html and "確認コードを送る" in html
    r = ask_code(code_client, f" {ADDRESS} ", lang="en")
    assert r.status_code == 303 and r.headers["location"] == "/issue/code?lang=en"
    assert web_tickets(office, now) == []  # nothing issued before the code
    [env] = inbox.messages
    assert env.rcpt_tos == ["Visitor.Tanaka@example.com"] and env.mail_from == "noreply@city.example.jp"
    subject, body = mail_text(env)
    assert subject == "[Minato Ward Office, Yokohama] Your code for an online ticket"
    assert "valid for 10 minutes" in body
    code = code_in(env)
    page = code_client.get("/issue/code?lang=en")
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.text
    assert "Enter it within 10 minutes" in page.text
    full_width = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))  # a Japanese keyboard
    r = send_code(code_client, full_width[:3] + " " + full_width[3:], lang="en")
    assert r.status_code == 303, r.text
    location = r.headers["location"]
    assert location.startswith("/t/") and location.endswith("lang=en&saved=1")
    [t] = web_tickets(office, now)
    assert t.display.startswith("W") and t.lang == "en" and not t.checked_in
    status = code_client.get(location).text
    assert t.display in status and "Your ticket has been issued." in status
    assert t.display in code_client.get("/issue").text  # the device's ticket cookie, as without the code
    # no personal data in clear: neither the address nor its local part anywhere in the database files
    if isinstance(db_path, Path):
        raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
        for needle in (ADDRESS, ADDRESS.lower(), "Visitor.Tanaka", "visitor.tanaka"):
            assert needle.encode() not in raw
    dump = every_row_as_text(db_path)
    assert "tanaka" not in dump.lower() and "example.com" not in dump.lower()
    assert all("tanaka" not in str(e).lower() for e in office.store.events())
    [(state, attempts, addr_key)] = code_rows(db_path)
    assert state == "used" and attempts == 0 and re.fullmatch(r"[0-9a-f]{64}", addr_key)


# -- wrong, void, expired, replayed ----------------------------------------------------------------------------
def test_wrong_code_then_void_after_five_tries(
    code_client: TestClient, inbox: Inbox, office: QueueEngine, now: datetime, db_path: Path
) -> None:
    assert ask_code(code_client, lang="vi").status_code == 303
    code = code_in(inbox.messages[0])
    r = send_code(code_client, "12ab56", lang="vi")  # malformed: said so, and not counted
    assert r.status_code == 400 and "Vui lòng nhập mã gồm 6 chữ số." in r.text
    assert send_code(code_client, "", lang="vi").status_code == 400
    r = send_code(code_client, wrong(code), lang="vi")
    assert r.status_code == 400 and "Mã không đúng. Số lần thử còn lại: 4." in r.text
    assert 'aria-invalid="true"' in r.text and 'lang="vi"' in r.text
    for left in (3, 2, 1):
        r = send_code(code_client, wrong(code))
        assert r.status_code == 400 and f"確認コードが違います。あと{left}回入力できます。" in r.text
    r = send_code(code_client, wrong(code))
    assert r.status_code == 429 and "このコードは使えなくなりました" in r.text
    r = send_code(code_client, code)  # the right code, too late: the code is void
    assert r.status_code == 410 and "使えなくなりました" in r.text and 'name="code"' not in r.text
    assert web_tickets(office, now) == [] and code_rows(db_path)[0][:2] == ("void", 5)


def test_expired_code_issues_nothing_and_is_purged(
    code_client: TestClient, inbox: Inbox, office: QueueEngine, clock: Clock, now: datetime, db_path: Path
) -> None:
    assert ask_code(code_client).status_code == 303
    code = code_in(inbox.messages[0])
    clock.advance(minutes=10)
    r = send_code(code_client, code, lang="en")
    assert r.status_code == 410 and "This code has expired. Please start again." in r.text
    assert 'href="/issue?lang=en"' in r.text
    assert web_tickets(office, now) == []
    assert ask_code(code_client, "other@example.jp").status_code == 303  # the next write purges
    assert [row[0] for row in code_rows(db_path)] == ["pending"] and len(code_rows(db_path)) == 1
    assert send_code(code_client, code_in(inbox.messages[1])).status_code == 303


def test_code_lifetime_is_configurable(
    db_path: Path, tmp_path: Path, smtp_port: int, inbox: Inbox, clock: Clock, office: QueueEngine
) -> None:
    cfg = load_config(code_profile(tmp_path, smtp_port, "email_code_minutes = 3\nemail_code_attempts = 2"))
    with TestClient(create_app(db_path, cfg, clock=clock, run_alerts=False), base_url=BASE) as c:
        assert ask_code(c).status_code == 303
        assert "3分以内" in c.get("/issue/code").text
        code = code_in(inbox.messages[0])
        assert send_code(c, wrong(code)).status_code == 400
        assert send_code(c, wrong(code)).status_code == 429  # two tries
        assert ask_code(c, "b@example.jp").status_code == 303
        clock.advance(minutes=2, seconds=59)
        assert send_code(c, code_in(inbox.messages[1])).status_code == 303


def test_replay_and_double_tap_issue_one_ticket(
    code_client: TestClient, inbox: Inbox, office: QueueEngine, now: datetime
) -> None:
    assert ask_code(code_client).status_code == 303
    code = code_in(inbox.messages[0])
    first = send_code(code_client, code)
    assert first.status_code == 303
    again = send_code(code_client, code)  # the back button and the same form again
    assert again.status_code == 303 and again.headers["location"] == first.headers["location"]
    assert send_code(code_client, wrong(code)).status_code == 409  # used: no guessing on it either
    assert len(web_tickets(office, now)) == 1
    # another device with the stolen challenge cookie and the right code gets nothing
    other = TestClient(code_client.app, base_url=BASE)
    csrf = csrf_of(other.get("/issue").text)
    other.cookies.set("mdg_code", code_client.cookies["mdg_code"], path="/issue")
    r = other.post("/issue/code", data={"csrf": csrf, "code": code}, follow_redirects=False)
    assert r.status_code == 410
    # a double tap: the same form sent four times at once, on four server threads
    assert ask_code(code_client, "second@example.jp").status_code == 303
    code = code_in(inbox.messages[1])
    csrf = csrf_of(code_client.get("/issue/code").text)
    with ThreadPoolExecutor(4) as pool:
        results = list(
            pool.map(
                lambda _: code_client.post(
                    "/issue/code", data={"csrf": csrf, "code": code}, follow_redirects=False
                ),
                range(4),
            )
        )
    assert [r.status_code for r in results] == [303] * 4
    assert len({r.headers["location"] for r in results}) == 1
    assert len(web_tickets(office, now)) == 2


def test_double_tapped_form_sends_one_mail(code_client: TestClient, inbox: Inbox, clock: Clock) -> None:
    csrf = csrf_of(code_client.get("/issue").text)
    data = {"csrf": csrf, "choice": "s:MYNA", "email": ADDRESS}
    with ThreadPoolExecutor(3) as pool:
        results = list(
            pool.map(lambda _: code_client.post("/issue", data=data, follow_redirects=False), range(3))
        )
    assert [r.status_code for r in results] == [303] * 3
    assert len(inbox.messages) == 1  # one code, the one every response's page asks for
    assert send_code(code_client, code_in(inbox.messages[0])).status_code == 303


# -- limits per address ----------------------------------------------------------------------------------------
def test_limits_per_address(
    code_client: TestClient, inbox: Inbox, office: QueueEngine, clock: Clock, now: datetime
) -> None:
    assert ask_code(code_client).status_code == 303
    assert send_code(code_client, code_in(inbox.messages[0])).status_code == 303
    # one web ticket per address, service and day (the case of the address does not make a new person)
    r = ask_code(code_client, ADDRESS.upper())
    assert r.status_code == 409 and "本日この受付内容の番号札をすでに取っています" in r.text
    assert ADDRESS.upper() in r.text  # the form keeps what was typed
    assert len(inbox.messages) == 1
    # three codes per address per hour, whatever the service
    clock.advance(seconds=31)
    assert ask_code(code_client, choice="s:KOSEKI").status_code == 303
    clock.advance(seconds=31)
    assert ask_code(code_client, choice="s:NHI").status_code == 303
    r = ask_code(code_client, choice="s:ELDERLY")
    assert r.status_code == 429 and "分ほど待ってから" in r.text and int(r.headers["Retry-After"]) > 0
    assert len(inbox.messages) == 3
    # a code asked for earlier still cannot take a second ticket of the day for the same service
    clock.advance(hours=1)
    other = TestClient(code_client.app, base_url=BASE)
    assert ask_code(other, choice="s:KOSEKI", address="x@example.jp").status_code == 303
    assert send_code(code_client, code_in(inbox.messages[2])).status_code == 410  # NHI's code expired
    assert ask_code(code_client, choice="s:ELDERLY").status_code == 303
    assert send_code(code_client, code_in(inbox.messages[4])).status_code == 303
    clock.now = now.replace(day=now.day + 1)  # Wednesday: a new day, a new ticket
    assert ask_code(code_client).status_code == 303
    assert send_code(code_client, code_in(inbox.messages[5])).status_code == 303
    assert len(web_tickets(office, now)) == 2


def test_limit_holds_between_code_and_ticket(code_client: TestClient, inbox: Inbox, clock: Clock) -> None:
    """Two codes for one address and service on two devices: only the first used gives a ticket."""
    other = TestClient(code_client.app, base_url=BASE)
    assert ask_code(code_client).status_code == 303
    assert ask_code(other).status_code == 303
    assert send_code(other, code_in(inbox.messages[1])).status_code == 303
    r = send_code(code_client, code_in(inbox.messages[0]))
    assert r.status_code == 409 and "すでに取っています" in r.text


# -- bad input and a broken relay ------------------------------------------------------------------------------
def test_bad_input_gets_clear_4xx(code_client: TestClient, inbox: Inbox, db_path: Path) -> None:
    r = ask_code(code_client, "not-an-address", lang="en")
    assert r.status_code == 400 and "That is not a valid e-mail address." in r.text
    r = ask_code(code_client, "", lang="en")
    assert r.status_code == 400 and "Please enter your e-mail address." in r.text
    assert ask_code(code_client, ADDRESS, choice="").status_code == 400
    assert (
        ask_code(code_client, "ｖｉｓｉｔｏｒ＠ｅｘａｍｐｌｅ．ｊｐ").status_code == 303
    )  # full-width typing
    assert inbox.messages[0].rcpt_tos == ["visitor@example.jp"]
    assert code_client.post("/issue/code", data={"code": "123456"}).status_code == 403  # no CSRF
    fresh = TestClient(code_client.app, base_url=BASE)
    assert fresh.get("/issue/code").status_code == 410  # no code asked for on this device
    csrf = csrf_of(fresh.get("/issue").text)
    r = fresh.post("/issue/code", data={"csrf": csrf, "code": "123456", "lang": "en"})
    assert r.status_code == 410 and "Traceback" not in r.text
    r = code_client.post("/issue/code", data={"csrf": "x", "code": "1" * 600})
    assert r.status_code in (400, 403)
    assert len(code_rows(db_path)) == 1


def test_smtp_down_gives_503_and_loses_nothing(
    db_path: Path, tmp_path: Path, smtp_port: int, clock: Clock, office: QueueEngine, now: datetime
) -> None:
    cfg = load_config(code_profile(tmp_path, smtp_port))  # nothing listens on the port yet
    with TestClient(create_app(db_path, cfg, clock=clock, run_alerts=False), base_url=BASE) as c:
        for _ in range(4):  # more than the 3 codes an hour: a failed send does not count
            r = ask_code(c, lang="en")
            assert r.status_code == 503 and r.headers["Retry-After"] == "60"
            assert "try again in a few minutes, or take a ticket at the machine" in r.text
            assert ADDRESS in r.text and 'value="s:MYNA" required checked' in r.text
        assert "mdg_code" not in c.cookies
        assert web_tickets(office, now) == [] and code_rows(db_path) == []
        box = Inbox()
        controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            assert ask_code(c).status_code == 303
            assert send_code(c, code_in(box.messages[0])).status_code == 303
        finally:
            controller.stop()
    assert len(web_tickets(office, now)) == 1


# -- switched off, and the profile check -----------------------------------------------------------------------
def test_off_by_default_nothing_changes(client: TestClient, office: QueueEngine, now: datetime) -> None:
    html = client.get("/issue").text
    assert 'name="email"' not in html and "番号札を取る" in html
    csrf = csrf_of(html)
    r = client.post("/issue", data={"csrf": csrf, "choice": "s:MYNA"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/t/")
    assert client.get("/issue/code").status_code == 404
    assert client.post("/issue/code", data={"csrf": csrf, "code": "123456"}).status_code == 404
    assert len(web_tickets(office, now)) == 1
    assert not client.app.state.ctx.email_key  # no secret is even created


def test_profile_check_needs_smtp_for_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = profile_with(tmp_path / "office.toml", "email_code = true")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert err.value.key == "web.email_code" and err.value.path == str(path)
    assert "SMTP" in err.value.reason and "[web.smtp]" in err.value.reason
    assert cli_main(["config", "check", str(path)]) == 2
    out = capsys.readouterr()
    assert f"{path}: web.email_code: needs an SMTP relay" in out.out + out.err
    for line, key in (
        ('email_code = true\nsmtp = { host = "mail.example.jp" }', "web.smtp.from"),
        ("email_code = 1", "web.email_code"),
        ("email_code_minutes = 0", "web.email_code_minutes"),
        ("email_code_minutes = 61", "web.email_code_minutes"),
        ("email_code_attempts = 0", "web.email_code_attempts"),
        ("email_codes_per_hour = -1", "web.email_codes_per_hour"),
        ('email_daily_limit = "1"', "web.email_daily_limit"),
    ):
        with pytest.raises(ConfigError) as err:
            load_config(profile_with(tmp_path / "bad.toml", line))
        assert err.value.key == key, line
    cfg = load_config(code_profile(tmp_path, 2525))
    w = cfg.web
    assert (w.email_code, w.email_code_minutes, w.email_code_attempts) == (True, 10, 5)
    assert (w.email_codes_per_hour, w.email_daily_limit) == (3, 1)
    assert cli_main(["config", "check", str(tmp_path / "office.toml")]) == 0
