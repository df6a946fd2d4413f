"""Every transition, legal and illegal, over a real SQLite file."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.errors import ConflictError, DomainError, NotFoundError
from shared.replay import verify


def m(now, minutes: float):
    return now + timedelta(minutes=minutes)


def test_issue_numbers_per_service_and_day(engine, now):
    a1 = engine.issue("RES", now=now).ticket
    a2 = engine.issue("RES", now=m(now, 1)).ticket
    c1 = engine.issue("TAX", now=m(now, 2)).ticket
    assert (a1.display, a2.display, c1.display) == ("A001", "A002", "C001")
    assert len(a1.token) >= 22 and a1.token != a2.token  # ≥128 bits, url-safe
    tomorrow = engine.issue("RES", now=now + timedelta(days=1)).ticket
    assert tomorrow.display == "A001" and tomorrow.day == "2026-11-25"


def test_issue_records_request_access_and_people_ahead(engine, now):
    engine.issue("RES", now=now)
    out = engine.issue(
        "RES",
        now=m(now, 1),
        lang="vi",
        access=("hearing",),
        priority=0,
        request={"certificates": [{"code": "juminhyo", "copies": 2}]},
    )
    t = out.ticket
    assert out.people_ahead == 1
    assert (t.lang, t.access, t.request["certificates"][0]["copies"]) == ("vi", ("hearing",), 2)


def test_day_boundary_is_tokyo_local(engine, now):
    late = now.replace(hour=23, minute=59)
    # 2026-11-24 23:59 JST and 00:01 the next day are different business days; UTC would say otherwise.
    import dataclasses

    from shared.config import Hours

    engine.config = dataclasses.replace(engine.config, hours=Hours(always_open=True))
    t1 = engine.issue("RES", now=late).ticket
    t2 = engine.issue("RES", now=late + timedelta(minutes=2)).ticket
    assert (t1.day, t2.day) == ("2026-11-24", "2026-11-25")
    assert t1.display == t2.display == "A001"


def test_closed_hours_cutoff_and_cap(engine, now):
    sunday = now + timedelta(days=5)
    with pytest.raises(DomainError) as e:
        engine.issue("RES", now=sunday)
    assert e.value.code == "closed"
    with pytest.raises(DomainError) as e:
        engine.issue("MOVE", now=now.replace(hour=16, minute=50))
    assert e.value.code == "cutoff"
    engine.set_issuing("TAX", "paused", now=now, reason="system")
    with pytest.raises(DomainError) as e:
        engine.issue("TAX", now=now)
    assert e.value.code == "paused"
    cap = engine.services["MYNA"].daily_cap
    for i in range(cap):
        engine.issue("MYNA", now=m(now, i * 0.01))
    with pytest.raises(DomainError) as e:
        engine.issue("MYNA", now=m(now, 5))
    assert e.value.code == "cap"


def test_unknown_service_and_counter(engine, now):
    with pytest.raises(NotFoundError):
        engine.issue("NOPE", now=now)
    with pytest.raises(NotFoundError):
        engine.open_counter(42, now=now)


def test_full_lifecycle_and_event_log(open_engine, now):
    e = open_engine
    t = e.issue("RES", now=now).ticket
    out = e.call_next(1, now=m(now, 3))
    assert out.leg.state == "called" and out.call.counter == 1 and out.call.waited_s == pytest.approx(180)
    e.start(1, now=m(now, 4))
    done = e.finish(1, now=m(now, 9))
    assert done.ticket.state == "closed" and done.ticket.outcome == "served"
    types = [ev["type"] for ev in e.store.events(ticket_id=t.id)]
    assert types == ["issued", "called", "started", "finished"]
    assert verify(e.store) == []


def test_call_requires_open_idle_counter(engine, now):
    engine.issue("RES", now=now)
    with pytest.raises(DomainError) as err:
        engine.call_next(1, now=now)
    assert err.value.code == "counter_closed"
    engine.open_counter(1, now=now)
    engine.call_next(1, now=now)
    engine.issue("RES", now=now)
    with pytest.raises(DomainError) as err:
        engine.call_next(1, now=now)
    assert err.value.code == "busy"
    engine.pause_counter(1, "昼休み", now=now)
    assert engine.counter(1).reason == "昼休み"
    engine.finish(1, now=now)  # the current ticket can still be finished while paused
    with pytest.raises(DomainError):
        engine.call_next(1, now=now)
    engine.resume_counter(1, now=now)
    assert engine.call_next(1, now=now).ticket.display == "A002"
    with pytest.raises(DomainError) as err:
        engine.close_counter(1, now=now)
    assert err.value.code == "busy_closing"


def test_nobody_waiting(open_engine, now):
    out = open_engine.call_next(1, now=now)
    assert out.ticket is None and "nobody" in out.message


def test_recall_counts_and_no_show_needs_recall(open_engine, now):
    e = open_engine
    e.issue("RES", now=now)
    e.call_next(1, now=now)
    with pytest.raises(DomainError) as err:
        e.no_show(1, now=now)
    assert err.value.code == "recall_first"
    r = e.recall(1, now=m(now, 1))
    assert r.leg.recalls == 1 and r.call.kind == "recall"
    ns = e.no_show(1, now=m(now, 2))
    assert ns.ticket.outcome == "no_show" and ns.leg.state == "no_show"
    back = e.reactivate("A001", now=m(now, 10))
    assert back.leg.state == "waiting" and back.ticket.state == "open"
    assert e.call_next(1, now=m(now, 11)).ticket.display == "A001"
    assert verify(e.store) == []


def test_recall_only_when_called(open_engine, now):
    e = open_engine
    e.issue("RES", now=now)
    with pytest.raises(DomainError):
        e.recall(1, now=now)
    e.call_next(1, now=now)
    e.start(1, now=now)
    with pytest.raises(DomainError):
        e.recall(1, now=now)
    with pytest.raises(DomainError):
        e.start(1, now=now)


def test_hold_is_skipped_then_called_explicitly(open_engine, now):
    """A held ticket is skipped by call-next and can be called explicitly."""
    e = open_engine
    e.issue("RES", now=now)
    e.issue("RES", now=m(now, 1))
    e.call_next(1, now=m(now, 2))
    e.start(1, now=m(now, 2))
    held = e.hold(1, now=m(now, 3))
    assert held.leg.state == "held"
    assert e.call_next(1, now=m(now, 4)).ticket.display == "A002"
    e.finish(1, now=m(now, 5))
    assert e.call_next(1, now=m(now, 6)).ticket is None
    again = e.call_number(1, "A001", now=m(now, 7))
    assert again.ticket.display == "A001" and again.leg.state == "called"
    e.hold(1, now=m(now, 8))
    e.return_to_queue("A001", now=m(now, 9))
    e.issue("RES", now=m(now, 9))
    e.call_next(1, now=m(now, 10))
    assert e.current(1)[0].display == "A001"  # kept its place ahead of A003
    assert verify(e.store) == []


def test_transfer_keeps_number_and_issue_time(open_engine, now):
    e = open_engine
    t = e.issue("MOVE", now=now).ticket
    later = e.issue("NHI", now=m(now, 5)).ticket
    e.call_next(4, now=m(now, 10))
    e.start(4, now=m(now, 11))
    out = e.transfer(4, "NHI", now=m(now, 20))
    assert out.ticket.display == t.display == "D001"
    assert out.leg.queue == "NHI" and out.leg.parent_leg_id is not None
    assert e.ticket(t.token).issued_at == t.issued_at
    # transfer keeps the visitor's place: ahead of the NHI ticket issued later
    assert e.call_next(7, now=m(now, 21)).ticket.display == "D001"
    assert later.display == "F001"
    legs = e.legs(t)
    assert [leg.state for leg in legs] == ["transferred", "called"]
    with pytest.raises(DomainError):
        e.transfer(7, "NHI", now=m(now, 22))
    assert verify(e.store) == []


def test_route_advances_on_finish(open_engine, now):
    e = open_engine
    out = e.issue_bundle("move_in", {1: True, 2: False, 3: True, 4: False}, now=now)
    t = out.ticket
    assert t.route == ("MOVE", "NHI", "CHILD") and t.display == "D001" and t.bundle == "move_in"
    assert t.request["answers"] == {"1": True, "2": False, "3": True, "4": False}
    e.call_next(4, now=m(now, 1))
    fin = e.finish(4, now=m(now, 20))
    assert fin.leg.queue == "NHI" and fin.ticket.state == "open"
    assert e.remaining_route(fin.ticket) == ["CHILD"]
    e.call_next(7, now=m(now, 21))
    fin2 = e.finish(7, now=m(now, 30))
    assert fin2.leg.queue == "CHILD"
    e.open_counter(9, now=now)
    e.call_next(9, now=m(now, 31))
    last = e.finish(9, now=m(now, 40))
    assert last.ticket.outcome == "served"
    assert verify(e.store) == []


def test_a_step_added_mid_service_keeps_the_number_and_the_place(open_engine, now):
    e = open_engine
    t = e.issue("MOVE", now=now).ticket  # a plain 転入, no life-event route
    later = e.issue("NHI", now=m(now, 5)).ticket
    e.call_next(4, now=m(now, 10))
    e.start(4, now=m(now, 11))
    out = e.add_step(4, "NHI", now=m(now, 15))  # the clerk finds the visitor also needs 国保
    assert out.ticket.route == ("MOVE", "NHI") and out.leg.state == "serving"  # still being served here
    assert e.remaining_route(out.ticket) == ["NHI"]
    with pytest.raises(DomainError) as again:
        e.add_step(4, "NHI", now=m(now, 16))
    assert again.value.code == "in_route"
    with pytest.raises(DomainError) as same:
        e.add_step(4, "MOVE", now=m(now, 16))
    assert same.value.code == "current_step"
    with pytest.raises(NotFoundError):
        e.add_step(4, "NOPE", now=m(now, 16))
    fin = e.finish(4, now=m(now, 25))
    assert fin.leg.queue == "NHI" and fin.ticket.display == t.display
    assert e.call_next(7, now=m(now, 26)).ticket.display == t.display  # ahead of the NHI ticket issued later
    assert later.display == "F001"
    assert e.finish(7, now=m(now, 35)).ticket.outcome == "served"
    added = [ev for ev in e.store.events(types=["step_added"])]
    assert len(added) == 1 and added[0]["counter"] == 4 and added[0]["data"]["service"] == "NHI"
    assert verify(e.store) == []


def test_a_step_is_inserted_before_the_rest_of_the_route(open_engine, now):
    e = open_engine
    e.issue_bundle("move_in", {1: True, 2: False, 3: True, 4: False}, now=now)  # MOVE → NHI → CHILD
    with pytest.raises(DomainError) as idle:
        e.add_step(4, "PENSION", now=m(now, 1))
    assert idle.value.code == "no_current"
    e.call_next(4, now=m(now, 1))
    out = e.add_step(4, "PENSION", now=m(now, 2))
    assert out.ticket.route == ("MOVE", "PENSION", "NHI", "CHILD")
    with pytest.raises(DomainError):
        e.add_step(4, "CHILD", now=m(now, 3))  # already later in the route
    assert e.finish(4, now=m(now, 10)).leg.queue == "PENSION"


def test_pickup_stage(engine, now):
    e = engine
    e.open_counter(10, now=now)
    e.open_counter(11, now=now)
    e.issue("MYNA", now=now)
    e.call_next(10, now=m(now, 1))
    fin = e.finish(10, now=m(now, 15))
    assert fin.leg.queue == "MYNA:pickup" and fin.leg.stage == "pickup" and fin.ticket.state == "open"
    assert e.call_next(10, now=m(now, 16)).ticket is None  # counter 10 does not serve pickup
    call = e.call_next(11, now=m(now, 40))
    assert call.call.stage == "pickup" and call.ticket.display == "K001"
    assert e.finish(11, now=m(now, 42)).ticket.outcome == "served"
    assert verify(e.store) == []


def test_cancel(open_engine, now):
    e = open_engine
    e.issue("RES", now=now)
    out = e.cancel("a001", now=m(now, 1), actor="kiosk-staff")
    assert out.ticket.outcome == "cancelled"
    with pytest.raises(DomainError):
        e.cancel("A001", now=m(now, 2))
    with pytest.raises(NotFoundError):
        e.cancel("A999", now=now)
    e.issue("RES", now=now)
    e.call_next(1, now=now)
    e.start(1, now=now)
    with pytest.raises(DomainError):
        e.cancel("A002", now=now)


def test_call_number_rules(open_engine, now):
    e = open_engine
    e.issue("MOVE", now=now)
    with pytest.raises(DomainError) as err:
        e.call_number(1, "D001", now=now)
    assert err.value.code == "wrong_service"
    e.call_number(4, "D001", now=now)
    e.open_counter(5, now=now)
    with pytest.raises(ConflictError):
        e.call_number(5, "D001", now=now)


def test_merged_window_and_set_services(open_engine, now):
    e = open_engine
    e.issue("TAX", now=now)
    e.issue("KOSEKI_CERT", now=m(now, 1))
    e.issue("RES", now=m(now, 2))
    order = []
    for k in range(3):
        order.append(e.call_next(1, now=m(now, 10 + k)).ticket.display)
        e.finish(1, now=m(now, 10 + k))
    assert order == ["C001", "B001", "A001"]  # oldest first across the merged services
    e.issue("MOVE", now=m(now, 20))
    e.call_next(1, now=m(now, 21))  # nothing: counter 1 does not serve MOVE
    assert e.current(1) is None
    e.set_services(1, ["MOVE"], now=m(now, 22))
    assert e.call_next(1, now=m(now, 23)).ticket.display == "D001"
    e.set_services(1, ["RES"], now=m(now, 24))  # change mid-service: the current ticket stays
    assert e.current(1)[0].display == "D001"
    with pytest.raises(NotFoundError):
        e.set_services(1, ["NOPE"], now=now)


def test_expire_open_flags_force_closed(open_engine, now):
    e = open_engine
    e.issue("RES", now=now)
    e.issue("RES", now=now)
    e.issue("RES", now=now)
    e.call_next(1, now=now)
    e.call_next(4, now=now)  # nothing for MOVE
    n = e.expire_open(now=now.replace(hour=17, minute=5))
    assert n == 3
    tickets = e.store.tickets_of_day("2026-11-24")
    assert all(t.force_closed and t.outcome == "expired" for t in tickets)
    assert e.current(1) is None
    assert verify(e.store) == []


def test_web_ticket_waits_for_check_in_without_losing_place(engine, now):
    e = engine
    e.open_counter(10, now=now)
    web = e.issue("MYNA", now=now, channel="web").ticket
    assert web.display == "W001" and not web.checked_in
    e.issue("MYNA", now=m(now, 1))
    assert e.call_next(10, now=m(now, 2)).ticket.display == "K001"
    e.finish(10, now=m(now, 3))
    e.issue("MYNA", now=m(now, 4))
    e.check_in(web.token, now=m(now, 5))
    assert e.call_next(10, now=m(now, 6)).ticket.display == "W001"  # its place was kept
    with pytest.raises(NotFoundError):
        e.check_in("bogus", now=now)


def test_alerts(engine, now):
    engine.raise_alert("kiosk-1", "paper_out", "用紙切れ", now=now)
    assert [a.kind for a in engine.alerts()] == ["paper_out"]
    engine.resolve_alerts(now=now, source="kiosk-1")
    assert engine.alerts() == []


def test_counter_events_replay(engine, now):
    engine.open_counter(2, now=now, clerk="佐藤")
    engine.pause_counter(2, "昼休み", now=now)
    engine.resume_counter(2, now=now)
    engine.close_counter(2, now=now)
    assert engine.counter(2).state == "closed"
    assert verify(engine.store) == []


def test_priority_fairness_through_the_engine(open_engine, now):
    """Priority before normal, FIFO inside each class, one normal after N priority calls."""
    e = open_engine
    for i, prio in enumerate([0, 1, 1, 0, 1, 1]):
        e.issue("RES", now=m(now, i), priority=prio)
    order = []
    for k in range(6):
        order.append(e.call_next(1, now=m(now, 10 + k)).ticket.display)
        e.finish(1, now=m(now, 10 + k))
    # A002 A003 A005 are priority; after 3 in a row (priority_max_in_row = 3) the oldest normal goes
    assert order == ["A002", "A003", "A005", "A001", "A006", "A004"]


def test_counter_sees_only_its_services_and_policy_is_per_counter(open_engine, now):
    e = open_engine
    e.issue("NHI", now=now)
    e.issue("RES", now=m(now, 1))
    assert e.call_next(1, now=m(now, 2)).ticket.display == "A001"
    assert e.call_next(7, now=m(now, 2)).ticket.display == "F001"


def test_clerk_change_is_logged_and_checked(open_engine, now):
    e = open_engine
    e.set_clerk(1, "  田中 ", now=now)
    assert e.counter(1).clerk == "田中"
    assert "same clerk" in e.set_clerk(1, "田中", now=m(now, 1)).message  # the same clerk: nothing to log
    with pytest.raises(DomainError):
        e.set_clerk(1, "あ" * 21, now=m(now, 2))
    e.set_clerk(1, None, now=m(now, 3))
    assert e.counter(1).clerk is None
    events = [ev for ev in e.store.events(types=["counter"]) if ev["data"]["action"] == "clerk"]
    assert [(ev["actor"], ev["data"]["previous"]) for ev in events] == [("田中", None), (None, "田中")]
    e.close_counter(1, now=m(now, 4))
    with pytest.raises(DomainError) as closed:
        e.set_clerk(1, "佐藤", now=m(now, 5))
    assert closed.value.code == "counter_closed"


def test_an_issue_retried_with_its_token_returns_the_same_ticket(engine, now) -> None:
    """The client-made token is the idempotency key: a retry after a commit in doubt finds the ticket it made."""
    token = engine.new_token()
    first = engine.issue("RES", now=now, token=token).ticket
    again = engine.issue("RES", now=now, token=token)
    assert again.ticket.id == first.id and again.ticket.display == first.display == "A001"
    assert again.events == () and again.leg is not None and again.people_ahead == 0
    assert [t.display for t in engine.store.tickets_of_day(engine.day(now))] == ["A001"]
    assert engine.issue("RES", now=now).ticket.display == "A002"  # no token: a new ticket, as before
