"""Today's notice from the floor manager on the phone pages, over HTTP, on both backends: in the visitor's
language with the shared fallback, escaped, and picked up by the running app without a restart."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime

from fastapi.testclient import TestClient

from shared.engine import QueueEngine
from shared.web.live import SKIP, ticket_step

NOTICE = {
    "ja": "本日の住民異動の受付は終了しました",
    "en": "Moving-in/out registration has closed for today",
    "ko": "오늘 전입·전출 접수는 마감되었습니다",
}
STANDING_JA = "3月下旬から4月上旬は大変混雑します"


def settled(
    fetch: Callable[[], list[str]], want: Callable[[list[str]], bool], timeout: float = 5.0
) -> list[str]:
    """The office page is cached per database change: on PostgreSQL the change arrives as a notification a few
    milliseconds after the commit, so the first load right after may still be the old page. Load again until
    ``want`` holds (or the time is up: then the last result, for the assertion to show)."""
    end = time.monotonic() + timeout
    got = fetch()
    while not want(got) and time.monotonic() < end:
        time.sleep(0.05)
        got = fetch()
    return got


def notices_in(html: str) -> list[str]:
    m = re.search(r'<section class="office-notice"[^>]*>(.*?)</section>', html, re.S)
    return [] if m is None else re.findall(r'<p class="banner">(.*?)</p>', m.group(1), re.S)


def test_office_page_shows_todays_notice_in_the_visitors_language_without_a_restart(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    # before: only the profile's standing notice
    before = notices_in(client.get("/?lang=ja").text)
    assert len(before) == 1 and STANDING_JA in before[0]
    # the supervisor (another connection) saves today's notice; the same app, no restart
    office.set_notice(NOTICE, now=now, actor="佐藤")
    page = settled(lambda: notices_in(client.get("/?lang=ja").text), lambda n: len(n) == 2)
    assert page[-1] == NOTICE["ja"]
    assert notices_in(client.get("/?lang=ko").text)[-1] == NOTICE["ko"]
    # no Vietnamese text: English before Japanese; やさしい日本語: Japanese
    assert notices_in(client.get("/?lang=vi").text)[-1] == NOTICE["en"]
    assert notices_in(client.get("/?lang=ja_easy").text)[-1] == NOTICE["ja"]
    # the live fragment the page refreshes from (poll and stream share it)
    live = client.get("/api/status/live?lang=pt").json()["html"]
    assert notices_in(live)[-1] == NOTICE["en"]
    # edited again, then cleared: the next load follows, the standing notice stays
    office.set_notice({"ja": "<b>午後は混雑</b>"}, now=now, actor="佐藤")
    en = settled(lambda: notices_in(client.get("/?lang=en").text), lambda n: "午後" in n[-1])
    assert en[-1] == "&lt;b&gt;午後は混雑&lt;/b&gt;"  # text, never markup
    office.set_notice({}, now=now, actor="佐藤")
    live = lambda: notices_in(client.get("/api/status/live?lang=ja").json()["html"])  # noqa: E731
    after = settled(live, lambda n: len(n) == 1)
    assert len(after) == 1 and STANDING_JA in after[0]


def test_ticket_page_and_its_stream_follow_the_notice(
    client: TestClient, office: QueueEngine, now: datetime
) -> None:
    t = office.issue("RES", now=now).ticket
    assert t is not None
    assert NOTICE["en"] not in client.get(f"/t/{t.token}?lang=en").text
    step = ticket_step(client.app.state.ctx, t.token, "tl")
    key, payload = step(None, False)
    assert payload is not SKIP
    assert step(key, False)[1] is SKIP  # nothing moved
    office.set_notice(NOTICE, now=now, actor="佐藤")
    key, payload = step(key, False)  # the stream renders again at once, not at the next heartbeat
    assert payload is not SKIP and notices_in(payload["html"])[-1] == NOTICE["en"]
    assert notices_in(client.get(f"/t/{t.token}?lang=ko").text)[-1] == NOTICE["ko"]
    assert notices_in(client.get(f"/api/t/{t.token}/live?lang=ja").json()["html"])[-1] == NOTICE["ja"]
