"""A realistic, reproducible mid-morning at the ward office, for ``--screenshot`` and the benchmark.

Everything goes through engine verbs with explicit times, so the event log is as real as on a working day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from shared.engine import QueueEngine
from shared.timeutil import TOKYO

DEMO_NOW = datetime(2026, 11, 24, 10, 40, tzinfo=TOKYO)  # a Tuesday
#: the demo's screens for --screenshot, --contact-sheet and the layout test: the counter each one shows (None: the
#: sign-in page); see counter/shots.py
SCREENS: dict[str, int | None] = {"called": 1, "serving": 7, "idle": 4, "signin": None}
_START = datetime(2026, 11, 24, 8, 45, tzinfo=TOKYO)


def _at(minutes: float) -> datetime:
    return _START + timedelta(minutes=minutes)


def _certs(*items: tuple[str, int]) -> dict[str, object]:
    return {"certificates": [{"code": c, "copies": n} for c, n in items]}


def build_demo(engine: QueueEngine, lang: str = "ja") -> None:
    """Counters 1–3 (certificates, merged), 4, 7, 10, 11 open; ~30 tickets; each open counter busy or idle.

    Counter 1 has just called a visitor who uses a wheelchair and cannot hear the call (plus an interpreter when
    ``lang`` is not Japanese): the longest access banner a clerk meets. ``lang`` is that visitor's kiosk
    language. Next in its queue waits a priority wheelchair ticket with an interpreter.
    """
    e = engine
    called_access = ("hearing", "wheelchair") + (() if lang in ("ja", "ja_easy") else ("interpreter",))
    for n in (1, 2, 4, 7, 10, 11):
        e.open_counter(
            n, now=_at(0), clerk={1: "佐藤", 2: "鈴木", 4: "高橋", 7: "田中", 10: "伊藤", 11: "渡辺"}[n]
        )
    e.open_counter(3, now=_at(0))
    e.pause_counter(3, "昼休み", now=_at(60))
    # 8:45–9:30: a morning of certificates served at counter 1 (gives the status bar real numbers)
    early = [
        ("RES", _certs(("juminhyo", 1))),
        ("TAX", _certs(("kazei", 1))),
        ("KOSEKI_CERT", _certs(("koseki_zenbu", 1))),
        ("RES", _certs(("inkan", 2))),
        ("RES", _certs(("juminhyo", 3))),
        ("TAX", _certs(("nozei", 1))),
    ]
    t = 1.0
    for svc, req in early:
        e.issue(svc, now=_at(t), request=req)
        t += 2
    t = 3.0
    for _ in early:
        e.call_next(1, now=_at(t))
        e.start(1, now=_at(t + 1))
        e.finish(1, now=_at(t + 5.5))
        t += 6.5
    # a moving-in family: MOVE at counter 4, then NHI at counter 7 (the same number)
    mv = e.issue_bundle(
        "move_in", {1: True, 2: False, 3: True, 4: True}, now=_at(20), lang="vi", access=("interpreter",)
    ).ticket
    assert mv is not None
    e.call_number(4, mv.display, now=_at(30))
    e.start(4, now=_at(31))
    e.finish(4, now=_at(58))  # -> NHI, keeps its place
    # My Number card: applied at 10, now waiting at the 交付 counter 11
    myna = e.issue("MYNA", now=_at(25), request={"purpose": "住所変更"}).ticket
    assert myna is not None
    e.call_number(10, myna.display, now=_at(40))
    e.finish(10, now=_at(70))
    e.issue("MYNA", now=_at(50), channel="web")  # booked on the phone, not arrived yet
    # the queue of the merged certificate window
    plan = [
        (62, "TAX", _certs(("kazei", 1)), (), "ja", 0),
        (64, "RES", _certs(("juminhyo", 2), ("inkan", 1)), called_access, lang, 0),
        (66, "KOSEKI_CERT", _certs(("koseki_kojin", 2), ("fuhyo", 1)), (), "en", 0),
        (69, "RES", _certs(("kisai", 1)), ("wheelchair",), "ja", 1),
        (71, "RES", _certs(("juminhyo", 1)), (), "zh_hans", 0),
        (74, "TAX", _certs(("nozei", 2)), (), "ja", 0),
        (77, "KOSEKI_CERT", _certs(("koseki_zenbu", 1)), (), "ja", 0),
        (80, "RES", _certs(("inkan", 1)), ("pregnancy",), "ja", 0),
        (83, "RES", _certs(("juminhyo", 2)), (), "ja_easy", 0),
        (86, "TAX", _certs(("kazei", 2)), (), "ko", 0),
        (88, "RES", _certs(("juminhyo", 1)), (), "ja", 0),
        (90, "KOSEKI_CERT", _certs(("koseki_kojin", 1)), ("vision",), "ja", 0),
        (92, "RES", _certs(("inkan", 1)), (), "vi", 0),
        (94, "TAX", _certs(("kazei", 1)), (), "ja", 0),
    ]
    for minute, svc, req, access, lang, prio in plan:
        e.issue(svc, now=_at(minute), request=req, access=access, lang=lang, priority=prio)
    for minute, svc in (
        (63, "MOVE"),
        (72, "MOVE"),
        (78, "KOSEKI"),
        (85, "NHI"),
        (89, "CHILD"),
        (91, "PENSION"),
    ):
        e.issue(svc, now=_at(minute))
    # counter 2 took the priority ticket; counter 1 held one (gone to fetch a document) and now calls the next
    e.call_next(2, now=_at(86))
    e.start(2, now=_at(87))
    e.call_next(1, now=_at(70))
    e.start(1, now=_at(71))
    e.hold(1, now=_at(75))
    e.call_next(
        1, now=_at(94.5)
    )  # the oldest waiting certificate ticket: hearing and wheelchair, 2 certificates
    e.call_next(7, now=_at(95.5))
    e.start(7, now=_at(96))
    e.call_next(11, now=_at(113))
    # just arrived, after every call above: a priority wheelchair visitor with an interpreter, next at counter 1
    e.issue(
        "RES",
        now=_at(110),
        request=_certs(("juminhyo", 1)),
        access=("wheelchair", "interpreter"),
        lang="pt",
        priority=1,
    )
    e.raise_alert("kiosk-1", "paper_low", "レシート用紙が残りわずかです。交換してください", now=_at(92))
