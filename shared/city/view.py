"""What the city page and ``/api/city`` show, built from the offices' checked answers. No HTTP here.

A stale or unreachable office shows words and the time of its last fresh answer, never its old numbers; the
JSON gives ``waiting: null`` for it. With a service chosen, offices are sorted by the estimate plus the travel hint.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from shared.city.profile import CityOffice, CityProfile, pick
from shared.city.status import ServiceNow, Wait
from shared.city.strings import CITY_STRINGS
from shared.city.watch import FRESH, STALE, UNREACHABLE, OfficeState
from shared.estimate_text import Shown, words
from shared.timeutil import TOKYO
from shared.web.i18n import tr

API_VERSION = 1
_RUBY = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")


def ct(lang: str, key: str, **kw: object) -> str:
    table = CITY_STRINGS[key]
    text = table.get(lang) or table["ja"]
    return text.format(**kw) if kw else text


def ruby(text: str, lang: str) -> Markup:
    """Escaped ``text``; ``{漢字|かな}`` becomes ruby in やさしい日本語 and the plain 漢字 elsewhere."""
    safe = str(escape(text))
    if lang == "ja_easy":
        return Markup(_RUBY.sub(r"<ruby>\1<rt>\2</rt></ruby>", safe))
    return Markup(_RUBY.sub(r"\1", safe))


def plain(text: str) -> str:
    return _RUBY.sub(r"\1", text)


def wait_text(w: Wait | None, lang: str) -> str:
    """The office's decided estimate in the words every screen uses (「まもなく」, 「窓口準備中」, one 目安)."""
    if w is None:
        return "—"
    return words(Shown(w.kind, w.minutes, w.low, w.high, w.rough), lang)


def wait_minutes(s: ServiceNow) -> float | None:
    """The figure a resident compares: the 目安 in minutes, 0 for 「まもなく」, None when not taking tickets."""
    if s.issuing != "open" or s.wait is None or s.wait.kind == "not_open":
        return None
    return 0.0 if s.wait.kind == "soon" else float(s.wait.minutes or 0)


def _hhmm(t: datetime | None) -> str | None:
    return t.astimezone(TOKYO).strftime("%H:%M") if t is not None else None


def _services_of(office: CityOffice, st: OfficeState) -> list[ServiceNow]:
    if st.now is None:
        return []
    reported = [s for s in st.now.services if ":" not in s.code]
    if office.services is None:
        return reported
    by_code = {s.code: s for s in reported}
    return [by_code[c] for c in office.services if c in by_code]


def office_card(
    profile: CityProfile, st: OfficeState, status: str, lang: str, service: str | None
) -> dict[str, Any]:
    o = st.office
    fresh = status == FRESH
    now = st.now if fresh else None
    services: list[dict[str, Any]] = []
    for s in _services_of(o, st) if fresh else []:
        if service is not None and s.code != service:
            continue
        cs = profile.service(s.code)
        name = cs.name(lang) if cs is not None else (pick(s.names, lang) or s.code)
        services.append(
            {
                "code": s.code,
                "name": name,
                "waiting": s.waiting,
                "wait_text": wait_text(s.wait, lang),
                "minutes": wait_minutes(s),
                "issuing": s.issuing,
                "issuing_text": tr(lang, f"issuing_{s.issuing}") if s.issuing in _ISSUING else None,
            }
        )
    offered = o.services is None or service is None or service in o.services
    if now is not None and service is not None and not services:
        offered = False
    if now is not None and now.hours_today is not None:
        hours = [ct(lang, "hours_today", open=now.hours_today[0], close=now.hours_today[1])]
    elif now is not None and now.hours_known:
        hours = [ct(lang, "closed_today")]
    else:
        hours = []
        if o.weekday:
            hours.append(
                ct(lang, "hours_weekday", open=f"{o.weekday[0]:%H:%M}", close=f"{o.weekday[1]:%H:%M}")
            )
        if o.saturday:
            hours.append(
                ct(lang, "hours_saturday", open=f"{o.saturday[0]:%H:%M}", close=f"{o.saturday[1]:%H:%M}")
            )
    travel = None
    if o.travel is not None:
        origin = pick(o.travel.origin, lang)
        travel = ct(lang, "travel", origin=origin, n=o.travel.minutes).strip()
    best: float | None = services[0]["minutes"] if service is not None and services else None
    total = best + (o.travel.minutes if o.travel else 0) if best is not None else None
    return {
        "code": o.code,
        "name": o.name(lang),
        "address": pick(o.address, lang),
        "map_url": o.map_url,
        "status": status,
        "status_text": ct(lang, "stale", time=_hhmm(st.now.updated if st.now else st.ok_at))
        if status == STALE
        else ct(lang, "unreachable")
        if status == UNREACHABLE
        else None,
        "open": now.open if now is not None else None,
        "hours": hours,
        "travel": travel,
        "total_text": ct(lang, "total", n=round(total)) if total is not None and o.travel else None,
        "services": services,
        "offered": offered,
        "sort": total,
        "updated": _hhmm(now.updated) if now is not None else None,
    }


_ISSUING = ("closed", "cutoff", "cap", "paused")


def page_model(
    profile: CityProfile, snap: list[tuple[OfficeState, str]], lang: str, service: str | None
) -> dict[str, Any]:
    cards = [office_card(profile, st, status, lang, service) for st, status in snap]
    if service is not None:
        cards = [c for c in cards if c["offered"]]

        def key(c: dict[str, Any]) -> tuple[int, float]:
            if c["status"] != FRESH:
                return (3, 0.0)
            if c["sort"] is None:
                return (2, 0.0)
            return (0 if c["open"] else 1, c["sort"])

        cards.sort(key=key)
    return {"cards": cards, "service": service}


def api_doc(profile: CityProfile, snap: list[tuple[OfficeState, str]]) -> dict[str, Any]:
    """``/api/city``: per office and service the waiting count, the estimate, open or closed, and last fresh."""
    offices = []
    for st, status in snap:
        o, fresh = st.office, status == FRESH
        now = st.now if fresh else None
        offices.append(
            {
                "code": o.code,
                "names": {k: plain(v) for k, v in o.names.items()},
                "status": status,
                "last_fresh": st.ok_at.isoformat(timespec="seconds") if st.ok_at is not None else None,
                "office_updated": st.now.updated.isoformat(timespec="seconds")
                if st.now is not None
                else None,
                "open": now.open if now is not None else None,
                "hours_today": (
                    {"open": now.hours_today[0], "close": now.hours_today[1]}
                    if now is not None and now.hours_today
                    else None
                ),
                "travel_min": o.travel.minutes if o.travel else None,
                "services": [
                    {
                        "code": s.code,
                        "waiting": s.waiting,
                        "estimate": (
                            {
                                "kind": s.wait.kind,
                                "minutes": s.wait.minutes,
                                "low": s.wait.low,
                                "high": s.wait.high,
                            }
                            if s.wait is not None
                            else None
                        ),
                        "issuing": s.issuing,
                    }
                    for s in (_services_of(o, st) if fresh else [])
                ],
                "error": st.error if not fresh else None,
            }
        )
    return {"version": API_VERSION, "city": profile.names, "offices": offices}
