"""Near-turn alerts: opt-in over HTTP, each threshold exactly once (also across restarts of real processes),
real SMTP delivery to a local aiosmtpd server, retries, the plug-in interface and the event log."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from shared.alerts.channels import load_channels
from shared.alerts.runner import AlertRunner, run_once
from shared.config import OfficeConfig, load_config
from shared.engine import QueueEngine
from shared.errors import ConfigError
from shared.storage.web_store import WebStore
from shared.web.app import create_app
from tests.conftest import wait_for
from tests.web.conftest import BASE, Clock, Inbox, csrf_of

ROOT = Path(__file__).resolve().parents[2]


def subscribe(client: TestClient, token: str, **form: object):
    data = {"csrf": csrf_of(client.get(f"/t/{token}").text), "action": "on", **form}
    return client.post(f"/t/{token}/alerts", data=data, headers={"Accept": "application/json"})


def serve(office: QueueEngine, clock: Clock, n: int, counter: int = 1) -> None:
    for _ in range(n):
        office.call_next(counter, now=clock.now)
        office.finish(counter, now=clock.now)


def alert_events(office: QueueEngine) -> list[dict]:
    return office.store.events(types=["alert_sent"])


def queue_with_mine(office: QueueEngine, clock: Clock, ahead: int, **kw: object):
    for _ in range(ahead):
        office.issue("RES", now=clock.now)
    return office.issue("RES", now=clock.now, **kw).ticket


# -- page channel ---------------------------------------------------------------------------------------------
def test_page_alerts_fire_once_per_threshold(client: TestClient, office: QueueEngine, clock: Clock) -> None:
    mine = queue_with_mine(office, clock, 8)
    r = subscribe(client, mine.token, ch=["page"], people=["5", "3"])
    assert r.status_code == 200 and r.json()["ok"] is True
    ctx = client.app.state.ctx
    runner = ctx.open_engine()
    assert run_once(runner, ctx.channels, clock.now) == []  # 8 ahead
    serve(office, clock, 3)  # 5 ahead
    assert len(run_once(runner, ctx.channels, clock.now)) == 1
    assert run_once(runner, ctx.channels, clock.now) == []  # never twice
    serve(office, clock, 1)  # 4 ahead: no threshold
    assert run_once(runner, ctx.channels, clock.now) == []
    serve(office, clock, 1)  # 3 ahead
    assert len(run_once(runner, ctx.channels, clock.now)) == 1
    serve(office, clock, 3)
    office.call_next(1, now=clock.now)  # mine is called
    assert len(run_once(runner, ctx.channels, clock.now)) == 1
    assert run_once(runner, ctx.channels, clock.now) == []
    events = alert_events(office)
    assert [(e["data"]["kind"], e["data"]["value"]) for e in events] == [
        ("ahead", 5),
        ("ahead", 3),
        ("called", 0),
    ]
    assert all(e["ticket_id"] == mine.id and e["data"]["channel"] == "page" for e in events)
    live = client.get(f"/api/t/{mine.token}/live").json()
    assert [a["kind"] for a in live["alerts"]] == ["ahead", "ahead", "called"]
    assert "1番窓口へお越しください" in live["alerts"][-1]["body"]
    assert live["alerts"][-1]["title"] == f"お呼びしています（{mine.display}）"  # short on the page itself
    assert "http" not in live["alerts"][-1]["body"]
    assert "お呼びしています" in client.get(f"/t/{mine.token}").text  # the banner
    runner.store.close()


def test_thresholds_crossed_at_once_give_one_message(
    client: TestClient, office: QueueEngine, clock: Clock
) -> None:
    mine = queue_with_mine(office, clock, 8)
    assert subscribe(client, mine.token, ch=["page"], people=["5", "3"], minutes=["15"]).status_code == 200
    ctx = client.app.state.ctx
    runner = ctx.open_engine()
    office.open_counter(2, now=clock.now)
    office.open_counter(3, now=clock.now)
    serve(office, clock, 6)  # 8 → 2 ahead: "5", "3" and (with three counters) "15 minutes" at once
    sent = run_once(runner, ctx.channels, clock.now)
    assert len(sent) == 1
    rows = WebStore(office.store.db).alerts_of_ticket(mine.id)
    assert sorted((a.kind, a.value, a.state) for a in rows) == [
        ("ahead", 3, "sent"),
        ("ahead", 5, "merged"),
        ("minutes", 15, "merged"),
    ]
    assert len(alert_events(office)) == 1 and alert_events(office)[0]["data"]["merged"]
    runner.store.close()


def test_web_ticket_alert_reminds_to_check_in(client: TestClient, office: QueueEngine, clock: Clock) -> None:
    for _ in range(2):
        office.issue("MYNA", now=clock.now)
    csrf = csrf_of(client.get("/issue").text)
    location = client.post("/issue", data={"csrf": csrf, "choice": "s:MYNA"}, follow_redirects=False).headers[
        "location"
    ]
    token = location.split("/t/")[1].split("?")[0]
    assert subscribe(client, token, ch=["page"], people=["3"]).status_code == 200
    ctx = client.app.state.ctx
    runner = ctx.open_engine()
    assert len(run_once(runner, ctx.channels, clock.now)) == 1
    [alert] = WebStore(office.store.db).alerts_of_ticket(office.ticket(token).id)
    assert "受付機" in alert.body and "あと2人" in alert.body
    runner.store.close()


# -- validation -----------------------------------------------------------------------------------------------
def test_subscription_is_validated(client: TestClient, office: QueueEngine, clock: Clock) -> None:
    mine = queue_with_mine(office, clock, 2)
    assert subscribe(client, mine.token, ch=["page"], people=["4"]).status_code == 400  # not offered
    assert subscribe(client, mine.token, ch=["page"], people=["x"]).status_code == 400
    assert subscribe(client, mine.token, people=["3"]).json()["error"] == "alert_no_choice"
    assert subscribe(client, mine.token, ch=["email"], people=["3"]).status_code == 400  # no SMTP configured
    r = client.post(f"/t/{mine.token}/alerts", data={"ch": "page"}, headers={"Accept": "application/json"})
    assert r.status_code == 403 and r.json()["error"] == "err_csrf"
    r = subscribe(client, mine.token, ch=["page"], people=["3"], lang="vi")
    assert r.json()["message"] == "Đã bật thông báo."
    web = WebStore(office.store.db)
    [sub] = web.subscriptions_of_ticket(mine.id)
    assert sub.active and sub.people == (3,) and sub.lang == "vi"
    html = client.post(
        f"/t/{mine.token}/alerts",
        data={"csrf": csrf_of(client.get(f"/t/{mine.token}").text), "action": "off", "lang": "vi"},
    ).text  # no JavaScript: a redirect
    assert "Đã tắt thông báo." in html
    assert not web.subscriptions_of_ticket(mine.id)[0].active
    csrf = csrf_of(client.get(f"/t/{mine.token}").text)
    office.cancel(mine.display, now=clock.now)
    assert "alerts-h" not in client.get(f"/t/{mine.token}").text  # no form on a closed ticket
    r = client.post(
        f"/t/{mine.token}/alerts", data={"csrf": csrf, "ch": "page"}, headers={"Accept": "application/json"}
    )
    assert r.status_code == 409 and r.json()["error"] == "alert_closed"


# -- e-mail through a real SMTP server (Inbox, inbox, smtp_port, smtp_config_path: conftest.py) ---------------
@pytest.fixture
def mail_client(
    db_path: Path, smtp_config_path: Path, clock: Clock, office: QueueEngine
) -> Iterator[TestClient]:
    app = create_app(db_path, load_config(smtp_config_path), clock=clock, run_alerts=False)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def run_in_new_process(db_path: Path, config_path: Path, clock: Clock) -> int:
    """A fresh process (a restarted web server, or the scheduler) runs one alert pass; returns alerts sent."""
    code = (
        "import sys; from datetime import datetime; from shared.office import open_office; "
        "from shared.config import load_config; from shared.alerts.channels import load_channels; "
        "from shared.alerts.runner import run_once; cfg = load_config(sys.argv[2]); "
        "e = open_office(sys.argv[1], cfg); "
        "print(len(run_once(e, load_channels(cfg), datetime.fromisoformat(sys.argv[3]))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(db_path), str(config_path), clock.now.isoformat()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def test_email_is_delivered_exactly_once_across_restarts(
    mail_client: TestClient,
    office: QueueEngine,
    clock: Clock,
    inbox: Inbox,
    db_path: Path,
    smtp_config_path: Path,
) -> None:
    mine = queue_with_mine(office, clock, 5)
    r = subscribe(mail_client, mine.token, ch=["email"], addr_email=" Visitor@Example.COM ", people=["3"])
    assert r.status_code == 200, r.text
    ctx = mail_client.app.state.ctx
    web_process = ctx.open_engine()
    assert run_once(web_process, ctx.channels, clock.now) == [] and inbox.messages == []
    serve(office, clock, 2)  # 3 ahead
    assert len(run_once(web_process, ctx.channels, clock.now)) == 1
    web_process.store.close()
    assert run_in_new_process(db_path, smtp_config_path, clock) == 0  # the web process restarted: not twice
    assert len(inbox.messages) == 1
    env = inbox.messages[0]
    assert env.rcpt_tos == ["Visitor@example.com"] and env.mail_from == "noreply@city.example.jp"
    mail = message_from_bytes(env.content)
    subject = str(make_header(decode_header(mail["Subject"])))
    assert subject == f"【横浜市 みなと区役所】まもなく順番です（{mine.display}）"
    body = mail.get_payload(decode=True).decode(mail.get_content_charset())
    assert f"受付番号 {mine.display}（住民票・印鑑証明）の前に、あと3人です。" in body
    assert f"/t/{mine.token}" in body and mail["Auto-Submitted"] == "auto-generated"
    serve(office, clock, 3)
    office.call_next(1, now=clock.now)
    assert run_in_new_process(db_path, smtp_config_path, clock) == 1  # e.g. the scheduler's pass
    web_process = ctx.open_engine()
    assert run_once(web_process, ctx.channels, clock.now) == []
    assert len(inbox.messages) == 2
    assert (
        "1番窓口へお越しください"
        in message_from_bytes(inbox.messages[1].content).get_payload(decode=True).decode()
    )
    assert [e["data"]["kind"] for e in alert_events(office)] == ["ahead", "called"]
    assert all("Visitor" not in str(e["data"]) for e in office.store.events())  # no address in the log
    office.start(1, now=clock.now)
    office.finish(1, now=clock.now)
    run_once(web_process, ctx.channels, clock.now)
    web_process.store.close()
    [sub] = WebStore(office.store.db).subscriptions_of_ticket(mine.id)
    assert sub.address is None and not sub.active  # erased once the visit ended


def test_failed_delivery_is_retried_with_backoff_and_sent_once(
    mail_client: TestClient, office: QueueEngine, clock: Clock, smtp_port: int
) -> None:
    mine = queue_with_mine(office, clock, 2)
    assert (
        subscribe(mail_client, mine.token, ch=["email"], addr_email="a@example.jp", people=["3"]).status_code
        == 200
    )
    ctx = mail_client.app.state.ctx
    runner = ctx.open_engine()
    assert run_once(runner, ctx.channels, clock.now) == []  # nobody listens on the port yet
    [a] = WebStore(office.store.db).alerts_of_ticket(mine.id)
    assert a.state == "failed" and a.attempts == 1 and "SMTP" in (a.error or "")
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        run_once(runner, ctx.channels, clock.now)
        assert box.messages == []  # back-off: not yet
        clock.advance(seconds=31)
        run_once(runner, ctx.channels, clock.now)
        run_once(runner, ctx.channels, clock.advance(seconds=120))
        assert len(box.messages) == 1
    finally:
        controller.stop()
    [a] = WebStore(office.store.db).alerts_of_ticket(mine.id)
    assert a.state == "sent" and a.attempts == 2
    assert len(alert_events(office)) == 1
    runner.store.close()


def test_bad_email_and_address_change_limit(
    mail_client: TestClient, office: QueueEngine, clock: Clock, inbox: Inbox
) -> None:
    mine = queue_with_mine(office, clock, 2)
    for bad in ("not-an-address", "a@b", "x@example.com\r\nBcc: y@example.com", "a" * 300 + "@example.com"):
        r = subscribe(mail_client, mine.token, ch=["email"], addr_email=bad)
        assert r.status_code == 400 and r.json()["error"] == "err_email", bad
    codes = [
        subscribe(mail_client, mine.token, ch=["email"], addr_email=f"v{i}@example.jp").status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    assert subscribe(mail_client, mine.token, ch=["email"], addr_email="v2@example.jp").status_code == 200


# -- the interface for LINE / SMS adapters ---------------------------------------------------------------------
def test_plugin_channels_load_by_name(
    db_path: Path, office_config: OfficeConfig, office: QueueEngine, clock: Clock
) -> None:
    channels = load_channels(office_config, ("tests.web.recording_channel:RecordingChannel",))
    assert set(channels) == {"page", "sms"}
    for bad in (
        "tests.web.recording_channel:NotAChannel",
        "tests.web.nowhere:X",
        "tests.web.recording_channel:Y",
    ):
        with pytest.raises(ConfigError):
            load_channels(office_config, (bad,))
    with TestClient(
        create_app(db_path, office_config, clock=clock, channels=channels, run_alerts=False), base_url=BASE
    ) as c:
        mine = queue_with_mine(office, clock, 3)
        assert subscribe(c, mine.token, ch=["sms"], addr_sms="090-1234-5678", people=["3"]).status_code == 200
        assert subscribe(c, mine.token, ch=["sms"], addr_sms="12").status_code == 400
        engine = c.app.state.ctx.open_engine()
        run_once(engine, channels, clock.now)
        run_once(engine, channels, clock.now)
        engine.store.close()
    sms = channels["sms"]
    assert [(m.address, m.kind, m.value, m.ticket_number) for m in sms.sent] == [
        ("09012345678", "ahead", 3, mine.display)
    ]


def test_runner_thread_wakes_on_another_process_commit(
    client: TestClient, office: QueueEngine, clock: Clock, db_path: Path
) -> None:
    mine = queue_with_mine(office, clock, 4)
    assert subscribe(client, mine.token, ch=["page"], people=["3"]).status_code == 200
    ctx = client.app.state.ctx
    runner = AlertRunner(ctx.open_engine, ctx.channels, clock, db_path, interval_s=3600, poll_s=0.05)
    runner.start()
    try:
        wait_for(lambda: runner.polls >= 1, what="the runner's first look (its version of the database)")
        assert runner.passes == 1  # the start-up pass; nothing to send yet, and an hour to the next one
        serve(office, clock, 1)  # another process's commit: the only thing that can wake it now
        web = WebStore(office.store.db)
        wait_for(lambda: [a.state for a in web.alerts_of_ticket(mine.id)] == ["sent"], what="the alert")
        seen = runner.polls
        wait_for(lambda: runner.polls >= seen + 3, what="three more polls")  # the pass after its own commit
        passes, seen = runner.passes, runner.polls
        wait_for(lambda: runner.polls >= seen + 10, what="ten more polls")
        assert runner.passes == passes  # its own commits do not keep it spinning
    finally:
        runner.stop()
