"""One figure everywhere: the wording rules of shared.estimate_text, and the screens that read them agree.

The mismatches visitors saw (issue 16): あと8人 on the home tile vs あと5人 on the certificate screen; 「あと0人・約30分」
and 「次の番です」 next to 「約25分」; 「2人 約75〜180分」 on the display; 「待ち 0人 目安 36〜58分」 from ``status`` in an
empty office with no counter open.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from shared import estimate as est
from shared import estimate_text as words
from shared.engine import QueueEngine
from shared.estimate import Estimate
from shared.status import office_status


@pytest.mark.parametrize("lang", words.LANGS)
def test_every_language_has_every_phrase_with_its_placeholders(lang: str) -> None:
    t = words.TEXTS[lang]
    assert set(t) == set(words.TEXTS["ja"])
    assert all(v.strip() for v in t.values())
    assert "{n}" in t["about"] and "{n}" in t["rough"] and "{lo}" in t["range"] and "{hi}" in t["range"]
    assert "{about}" in t["with_range"] and "{range}" in t["with_range"]
    e = Estimate(ahead=6, minutes=22.0, low=14.0, high=33.0)
    assert "20" in words.board(e, lang) and "35" in words.with_range(e, lang)
    assert words.board(Estimate(0, 8.0, 0.0, 12.0), lang) == t["soon"]
    assert words.board(Estimate(3, 40.0, 30.0, 50.0, open=False), lang) == t["not_open"]


def test_rules() -> None:
    # nobody ahead with a counter open: soon, whatever the point says (never a range from 0)
    assert words.board(Estimate(0, 6.5, 0.0, 9.0)) == "まもなく"
    assert words.board(Estimate(0, 6.5, 0.0, 9.0), "en") == "soon"
    # no counter open: not a number
    assert words.board(Estimate(0, 36.0, 36.0, 58.0, open=False)) == "窓口準備中"
    assert words.board(Estimate(0, 36.0, 36.0, 58.0, open=False), "en") == "counters not open yet"
    # boards: one 目安 (nearest 5 min, at least 5; 10 above an hour), never 「約75〜180分」
    assert words.board(Estimate(2, 118.0, 75.0, 180.0)) == "約120分"
    assert words.board(Estimate(1, 1.2, 0.5, 3.0)) == "約5分"
    assert words.board(Estimate(4, 17.4, 11.0, 24.0)) == "約15分"
    # the phone page has room for the honest range, rounded outward and containing the 目安
    assert words.with_range(Estimate(4, 17.4, 11.0, 24.0)) == "約15分（10〜25分）"
    assert words.with_range(Estimate(4, 17.4, 11.0, 24.0), "en") == "about 15 min (10–25 min)"
    # a cold start says it is rough and shows no range
    cold = Estimate(4, 17.4, 8.0, 35.0, cold=True)
    assert words.board(cold) == words.with_range(cold) == "約15分（参考）"
    assert words.as_json(cold) == {
        "kind": "minutes",
        "minutes": 15,
        "low": 5,
        "high": 35,
        "rough": True,
        "soon": False,
        "text_ja": "約15分（参考）",
        "text_en": "about 15 min (rough guide)",
    }


def test_empty_office_with_no_counter_open_says_so(engine: QueueEngine, now: datetime) -> None:
    doc = office_status(engine, now)
    for s in doc["services"]:
        assert s["estimate_min"]["kind"] == "not_open", s["code"]
        assert s["estimate_min"]["text_ja"] == "窓口準備中" and s["estimate_min"]["minutes"] is None


def test_every_screen_reads_one_figure(open_engine: QueueEngine, now: datetime) -> None:
    from kiosk.flows.offer import availability, home_tiles
    from kiosk.ticket.from_db import slip_for
    from shared.web.views import office_view

    e = open_engine
    first = e.issue("RES", now=now).ticket
    # nobody ahead of the first ticket, a counter is open: まもなく on its slip, not 「あと0人・約30分」
    slip = slip_for(e, first, "ja", now)
    assert slip.people_ahead == 0 and slip.wait is not None and words.words(slip.wait) == "まもなく"
    for code in ("RES", "RES", "KOSEKI_CERT", "TAX", "RES", "TAX", "RES"):
        e.issue(code, now=now)
    waits = est.estimate_waits(e, now)
    avail = availability(e, now)
    cert = home_tiles(e.config, avail)[0]
    # the certificate tile and the certificate screen: the same people ahead and the same words
    assert cert.waiting == avail["RES"].waiting == avail["TAX"].waiting == waits["RES"].ahead == 8
    doc = office_status(e, now)
    res = next(s for s in doc["services"] if s["code"] == "RES")
    office = office_view(e, now, "ja")
    res_web = next(s for s in office["services"] if s["code"] == "RES")
    assert cert.wait is not None
    shown = words.words(cert.wait)
    assert (
        shown
        == words.board(waits["RES"])
        == res["estimate_min"]["text_ja"]
        == res_web["estimate_min"]["text"]
    )
    # a ticket's slip and its phone page say the same figure; the phone page adds the range only
    last = e.issue("RES", now=now).ticket
    slip = slip_for(e, last, "ja", now)
    ticket_est = est.estimate_ticket(e, last, now)
    assert ticket_est is not None and slip.wait == words.shown(ticket_est)


def test_the_ticket_and_the_tile_agree_at_issue(open_engine: QueueEngine, now: datetime) -> None:
    """The kiosk tile promises a figure for a ticket issued now; the ticket then prints the same figure."""
    e = open_engine
    for _ in range(6):
        e.issue("MOVE", now=now)
    promised = est.estimate_waits(e, now)["MOVE"]
    t = e.issue("MOVE", now=now).ticket
    got = est.estimate_ticket(e, t, now)
    assert got is not None and got.ahead == promised.ahead == 6
    assert words.board(got) == words.board(promised)
