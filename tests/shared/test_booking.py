"""来庁予約 (shared.booking) on both backends: book, cancel, check-in on time / late / too early, no-shows, the
call order of a due appointment, the profile's [booking] checks, and 20 real processes racing for the last seat."""

from __future__ import annotations

import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import time, timedelta

import pytest

from shared.booking import BookingDesk, slot_capacity
from shared.booking_settings import BookingSettings
from shared.config import load_config, parse_config, read_config_text
from shared.errors import ConfigError, ConflictError, DomainError, NotFoundError, StorageError
from shared.office import open_office
from shared.timeutil import to_ts
from tests.conftest import NOW

# NOW is Tuesday 2026-11-24 10:00; bookings are made the day before and used on NOW's day
BEFORE = NOW - timedelta(days=1)
SLOT = NOW.replace(hour=11, minute=0)
SETTINGS = BookingSettings(
    enabled=True, services=("MOVE", "NHI"), share=0.3, shares={"NHI": 0.5}, grace_min=10, max_in_row=2
)
CFG = dataclasses.replace(load_config(), booking=SETTINGS)


@pytest.fixture
def desk(db_path):
    e = open_office(db_path, CFG)
    yield BookingDesk(e)
    e.store.close()


def test_capacity_comes_from_the_staffing_plan():
    # NHI: counters 7 and 8 serve NHI with one other service each -> 1 counter; 30 min / 12 min x 50 % = 1.25
    assert slot_capacity(CFG, "NHI") == 1
    wider = dataclasses.replace(SETTINGS, shares={"NHI": 1.0})
    assert (
        slot_capacity(dataclasses.replace(CFG, booking=wider), "NHI") == 2
    )  # (1/2 + 1/3 counters) x 2.5 = 2.08


def test_capacity_follows_the_lunch_rotation_of_the_staffing_plan(db_path):
    # the profile's counters carry their breaks: 7 is at lunch 11:00-12:00, 8 from 11:45 to 12:30
    text, _ = read_config_text(None)
    text = text.replace(
        'services = ["NHI", "ELDERLY"]', 'services = ["NHI", "ELDERLY"]\nbreaks = [["11:00", "12:00"]]'
    )
    text = text.replace(
        'services = ["NHI", "PENSION", "ELDERLY"]',
        'services = ["NHI", "PENSION", "ELDERLY"]\nbreaks = [["11:45", "12:30"]]',
    )
    staffed = parse_config(text, "x.toml")
    assert [c.breaks for c in staffed.counters if c.number in (7, 8)] == [
        ((time(11), time(12)),),
        ((time(11, 45), time(12, 30)),),
    ]
    cfg = dataclasses.replace(staffed, booking=dataclasses.replace(SETTINGS, shares={"NHI": 1.0}))
    at = SLOT.replace(hour=10, minute=30)
    assert slot_capacity(cfg, "NHI", at) == 2  # both staffed: (1/2 + 1/3) x 2.5 = 2.08
    assert slot_capacity(cfg, "NHI", SLOT) == 1  # 7 at lunch: 1/3 x 2.5 = 0.83
    # 7 at lunch at the slot start, 8 staffed for half the slot: 1/3 x 1/2 x 2.5 = 0.42 -> no seat
    assert slot_capacity(cfg, "NHI", SLOT.replace(minute=30)) == 0
    e = open_office(db_path, cfg)
    try:
        desk = BookingDesk(e)
        caps = {s.start.strftime("%H:%M"): s.capacity for s in desk.slots("NHI", SLOT.date(), BEFORE)}
        assert (caps["10:30"], caps["11:00"], caps["11:30"], caps["12:30"]) == (2, 1, 0, 2)
        with pytest.raises(ConflictError):
            desk.book(service="NHI", start=SLOT.replace(minute=30), now=BEFORE)
    finally:
        e.store.close()
    bad = text.replace('breaks = [["11:00", "12:00"]]', 'breaks = [["12:00", "11:00"]]')
    with pytest.raises(ConfigError) as exc:
        parse_config(bad, "x.toml")
    assert exc.value.key.startswith("counters"), exc.value.key


def test_book_then_cancel_frees_the_seat_at_once(desk):
    b = desk.book(service="NHI", start=SLOT, now=BEFORE, device_hash="d1")
    assert len(b.number) == 8 and b.number.isdigit() and len(b.token) >= 20 and b.state == "booked"
    with pytest.raises(ConflictError) as exc:
        desk.book(service="NHI", start=SLOT, now=BEFORE, device_hash="d2")
    assert exc.value.code == "booking_full"
    assert desk.cancel(b.token, now=BEFORE).state == "cancelled"
    again = desk.book(service="NHI", start=SLOT, now=BEFORE, device_hash="d2")
    assert again.state == "booked"
    slot = next(s for s in desk.slots("NHI", SLOT.date(), BEFORE) if s.start == SLOT)
    assert (slot.taken, slot.free) == (1, 0)


def test_refusals(desk):
    with pytest.raises(DomainError) as exc:
        desk.book(service="RES", start=SLOT, now=BEFORE)
    assert exc.value.code == "booking_not_offered"
    with pytest.raises(DomainError) as exc:
        desk.book(service="NHI", start=SLOT + timedelta(minutes=7), now=BEFORE)
    assert exc.value.code == "booking_no_slot"
    with pytest.raises(DomainError) as exc:  # inside the cut-off (60 min before)
        desk.book(service="NHI", start=SLOT, now=SLOT - timedelta(minutes=30))
    assert exc.value.code == "booking_closed"
    with pytest.raises(DomainError) as exc:  # beyond the horizon
        desk.book(service="NHI", start=SLOT + timedelta(days=20), now=BEFORE)
    assert exc.value.code in ("booking_closed", "booking_no_slot")
    desk.book(service="MOVE", start=SLOT, now=BEFORE, device_hash="d1")
    desk.book(service="NHI", start=SLOT, now=BEFORE, device_hash="d1")
    with pytest.raises(DomainError) as exc:  # two a day per device
        desk.book(service="NHI", start=SLOT + timedelta(minutes=30), now=BEFORE, device_hash="d1")
    assert exc.value.code == "booking_limit_device"
    with pytest.raises(DomainError) as exc:  # one a day per address
        desk.book(service="MOVE", start=SLOT + timedelta(minutes=30), now=BEFORE, addr_key="a1")
        desk.book(service="MOVE", start=SLOT + timedelta(minutes=60), now=BEFORE, addr_key="a1")
    assert exc.value.code == "booking_limit_address"


def test_check_in_on_time_ranks_at_the_slot(desk):
    b = desk.book(service="NHI", start=SLOT, now=BEFORE)
    with pytest.raises(DomainError) as exc:  # check-in opens 30 min before the slot
        desk.check_in(b.number, now=SLOT - timedelta(minutes=31))
    assert exc.value.code == "booking_too_early" and exc.value.params["time"] == "10:30"
    ci = desk.check_in(
        f"{b.number[:4]}-{b.number[4:]}", now=SLOT - timedelta(minutes=20)
    )  # typed with a hyphen
    assert not ci.late and ci.booking.state == "checked_in"
    t = ci.outcome.ticket
    assert t.display.startswith("F") and t.request["booking"] == b.number  # an ordinary NHI number
    assert desk.store.leg_slot(ci.outcome.leg.id) == to_ts(SLOT)
    assert desk.of_ticket(t.id).number == b.number
    again = desk.check_in(b.token, now=SLOT - timedelta(minutes=19))  # scanned twice: the same ticket
    assert again.again and again.outcome.ticket.id == t.id


def test_late_arrival_becomes_a_walk_in(desk):
    b = desk.book(service="NHI", start=SLOT, now=BEFORE)
    ci = desk.check_in(b.number, now=SLOT + timedelta(minutes=11))
    assert ci.late and ci.booking.state == "late"
    assert desk.store.leg_slot(ci.outcome.leg.id) is None  # no slot rank: a normal walk-in
    assert ci.outcome.ticket.request["late"] is True


def test_unclaimed_slots_become_no_shows_and_free_their_seat(desk):
    b = desk.book(service="NHI", start=SLOT, now=BEFORE)
    assert desk.expire(SLOT + timedelta(minutes=10)) == 0  # still within the grace time
    assert desk.expire(SLOT + timedelta(minutes=11)) == 1
    assert desk.find(b.number).state == "no_show"
    assert next(s for s in desk.slots("NHI", SLOT.date(), BEFORE) if s.start == SLOT).taken == 0
    ci = desk.check_in(b.number, now=SLOT + timedelta(minutes=40))  # came after all: a walk-in, kindly
    assert ci.late and ci.booking.state == "late"
    with pytest.raises(DomainError):
        desk.cancel(b.number, now=SLOT + timedelta(minutes=41))
    with pytest.raises(NotFoundError):
        desk.check_in("99999999", now=SLOT)


def test_due_appointment_is_called_ahead_of_walk_ins_within_the_cap(desk):
    e = desk.engine
    booked = [desk.book(service="NHI", start=SLOT + timedelta(minutes=30 * i), now=BEFORE) for i in range(3)]
    t0 = SLOT - timedelta(minutes=25)
    walk = [e.issue("NHI", now=t0 + timedelta(minutes=i)).ticket.display for i in range(3)]
    tickets = [
        desk.check_in(b.number, now=t0 + timedelta(minutes=5)).outcome.ticket.display for b in booked[:1]
    ]
    e.open_counter(7, now=t0, services=["NHI"])
    # before the slot: the walk-ins who came first go first; the appointment is not due yet (and a 12-min NHI
    # visit started now ends before the slot even if it takes 1.5 × as long, so nothing is held: see below)
    assert e.call_next(7, now=SLOT - timedelta(minutes=20)).ticket.display == walk[0]
    e.finish(7, now=SLOT - timedelta(minutes=5))
    # at the slot: the appointment goes ahead of the two walk-ins still waiting
    assert e.call_next(7, now=SLOT + timedelta(minutes=1)).ticket.display == tickets[0]
    e.finish(7, now=SLOT + timedelta(minutes=2))
    assert e.call_next(7, now=SLOT + timedelta(minutes=3)).ticket.display == walk[1]


def test_hold_calls_the_waiting_appointment_instead_of_a_walk_in_that_would_overrun_its_slot(desk):
    e = desk.engine
    b = desk.book(service="NHI", start=SLOT, now=BEFORE)
    walk = e.issue("NHI", now=SLOT - timedelta(minutes=25)).ticket.display
    mine = desk.check_in(b.number, now=SLOT - timedelta(minutes=15)).outcome.ticket.display
    e.open_counter(7, now=SLOT - timedelta(minutes=25), services=["NHI"])
    # 10 min before the slot a 12-min NHI visit would still run at the slot time: the booked visitor goes now
    assert e.call_next(7, now=SLOT - timedelta(minutes=10)).ticket.display == mine
    e.finish(7, now=SLOT - timedelta(minutes=1))
    assert e.call_next(7, now=SLOT).ticket.display == walk


def test_a_booked_visitor_here_is_called_at_the_first_counter_free_within_a_long_visit_of_the_slot(desk):
    # NHI visits take 12 min on average; a walk-in may take 1.5 × that (18 min): a booked visitor who is here is
    # called by the first counter that frees up within 18 min of the slot, ahead of older walk-ins, not before
    e = desk.engine
    b = desk.book(service="NHI", start=SLOT, now=BEFORE)
    walk = [e.issue("NHI", now=SLOT - timedelta(minutes=40 - i)).ticket.display for i in range(3)]
    mine = desk.check_in(b.number, now=SLOT - timedelta(minutes=25)).outcome.ticket.display
    e.open_counter(7, now=SLOT - timedelta(minutes=40), services=["NHI"])
    assert (
        e.call_next(7, now=SLOT - timedelta(minutes=19)).ticket.display == walk[0]
    )  # ends by 11:00 at 1.5 ×
    e.finish(7, now=SLOT - timedelta(minutes=17))
    assert e.call_next(7, now=SLOT - timedelta(minutes=17)).ticket.display == mine  # would run past 11:00
    e.finish(7, now=SLOT - timedelta(minutes=5))
    assert e.call_next(7, now=SLOT - timedelta(minutes=5)).ticket.display == walk[1]


def _hold_office(db_path, hold=True, breaks=()):
    plan = tuple(dataclasses.replace(c, breaks=breaks) if c.number == 8 else c for c in CFG.counters)
    cfg = dataclasses.replace(CFG, booking=dataclasses.replace(SETTINGS, hold=hold), counters=plan)
    return BookingDesk(open_office(db_path, cfg))


def test_hold_keeps_the_counter_for_an_appointment_not_checked_in_and_calls_it_on_arrival(db_path):
    desk = _hold_office(db_path)
    e = desk.engine
    b = desk.book(service="NHI", start=SLOT, now=BEFORE)
    older = e.issue("NHI", now=SLOT - timedelta(minutes=40)).ticket.display
    e.open_counter(7, now=SLOT - timedelta(minutes=40), services=["NHI"])
    # 16 min before the slot a 12-min NHI visit (taken as 1.25 × 12 = 15 min: visits vary) ends before it: the
    # walk-in goes (nothing is kept that early)
    assert e.call_next(7, now=SLOT - timedelta(minutes=16)).ticket.display == older
    e.finish(7, now=SLOT - timedelta(minutes=11))
    walk = e.issue("NHI", now=SLOT - timedelta(minutes=11)).ticket.display
    # 10 min before: it would run past the slot and no other counter serves NHI: counter 7 is kept free
    out = e.call_next(7, now=SLOT - timedelta(minutes=10))
    assert (
        out.ticket is None and out.kept == to_ts(SLOT) + 600 and "11:00" in out.message
    )  # until the grace ends
    assert e.current(7) is None
    # the booked visitor checks in: called at once, ahead of the walk-in who came first
    mine = desk.check_in(b.number, now=SLOT - timedelta(minutes=6)).outcome.ticket.display
    assert e.call_next(7, now=SLOT - timedelta(minutes=6)).ticket.display == mine
    e.finish(7, now=SLOT + timedelta(minutes=6))
    assert e.call_next(7, now=SLOT + timedelta(minutes=6)).ticket.display == walk
    e.store.close()


def test_hold_lapses_when_the_grace_time_ends(db_path):
    """A visitor up to ``grace_min`` late still has an appointment (not a walk-in ticket): the counter waits that
    long (it lapsed after 5 min before: a visitor 5–10 min late then waited a whole walk-in visit)."""
    desk = _hold_office(db_path)
    e = desk.engine
    desk.book(service="NHI", start=SLOT, now=BEFORE)
    walk = e.issue("NHI", now=SLOT - timedelta(minutes=20)).ticket.display
    e.open_counter(7, now=SLOT - timedelta(minutes=20), services=["NHI"])
    assert e.call_next(7, now=SLOT + timedelta(minutes=9)).ticket is None
    assert e.call_next(7, now=SLOT + timedelta(minutes=10)).ticket.display == walk
    e.store.close()


@pytest.mark.parametrize("case", ["hold off", "covered", "cover at lunch"])
def test_hold_starts_the_walk_in_without_hold_or_with_another_counter_free_in_time(db_path, case):
    lunch = ((time(10, 55), time(11, 40)),) if case == "cover at lunch" else ()
    desk = _hold_office(db_path, hold=case != "hold off", breaks=lunch)
    e = desk.engine
    desk.book(service="NHI", start=SLOT, now=BEFORE)
    first = e.issue("NHI", now=SLOT - timedelta(minutes=30)).ticket.display
    walk = e.issue("NHI", now=SLOT - timedelta(minutes=29)).ticket.display
    # counter 8 started an NHI visit at 10:44: expected free at 10:56, before the slot
    e.open_counter(8, now=SLOT - timedelta(minutes=30), services=["NHI"])
    assert e.call_next(8, now=SLOT - timedelta(minutes=16)).ticket.display == first
    e.start(8, now=SLOT - timedelta(minutes=16))
    e.open_counter(7, now=SLOT - timedelta(minutes=30), services=["NHI"])
    out = e.call_next(7, now=SLOT - timedelta(minutes=10))
    if case == "cover at lunch":  # counter 8's clerk goes to lunch at 10:55: it covers nothing
        assert out.ticket is None and out.kept is not None
    else:
        assert out.ticket.display == walk
    e.store.close()


def test_fairness_cap_lets_a_walk_in_through(db_path):
    cfg = dataclasses.replace(CFG, booking=dataclasses.replace(SETTINGS, shares={"NHI": 1.0}, max_in_row=2))
    e = open_office(db_path, cfg)
    desk = BookingDesk(e)
    booked = [desk.book(service="NHI", start=SLOT, now=BEFORE) for _ in range(2)]
    booked += [desk.book(service="NHI", start=SLOT + timedelta(minutes=30), now=BEFORE)]
    walk = e.issue("NHI", now=SLOT - timedelta(minutes=29)).ticket.display
    mine = [desk.check_in(b.number, now=SLOT).outcome.ticket.display for b in booked]
    e.open_counter(7, now=SLOT, services=["NHI"])
    order = []
    t = SLOT + timedelta(minutes=31)
    for _ in range(4):
        order.append(e.call_next(7, now=t).ticket.display)
        e.finish(7, now=t)
        t += timedelta(minutes=1)
    assert order == [mine[0], mine[1], walk, mine[2]]
    e.store.close()


def _race(db: str, start: threading.Barrier) -> tuple[str, str]:
    e = open_office(db, CFG)  # each request its own connection, as each web worker thread has
    desk = BookingDesk(e)
    try:
        start.wait()
        try:
            return ("won", desk.book(service="NHI", start=SLOT, now=BEFORE).number)
        except ConflictError as exc:
            return ("lost", exc.code)
    finally:
        e.store.close()


def test_twenty_parallel_requests_race_for_the_last_seat(db_path):
    """Twenty threads, each on its own database connection, released together: exactly one gets the seat."""
    db = str(db_path)
    open_office(db, CFG).store.close()
    n = 20
    start = threading.Barrier(n)
    with ThreadPoolExecutor(n) as pool:
        results = list(pool.map(lambda _: _race(db, start), range(n)))
    assert sorted(r[0] for r in results).count("won") == 1, results
    assert all(r == ("lost", "booking_full") for r in results if r[0] == "lost")
    e = open_office(db, CFG)
    assert e.store.db.scalar("SELECT count(*) FROM booking") == 1
    assert e.store.db.scalar("SELECT taken FROM booking_slot") == 1
    e.store.close()


def test_the_database_refuses_an_overbooking_by_itself(desk):
    desk.book(service="NHI", start=SLOT, now=BEFORE)
    db = desk.store.db
    # the CHECK backs the conditional update (PostgreSQL's CheckViolation reaches us as a StorageError: psycopg's
    # IntegrityError subclasses are not IntegrityConstraintViolation, so pg_backend does not map it to
    # ConstraintError — reported, not changed here)
    with pytest.raises(StorageError), db.transaction():
        db.execute("UPDATE booking_slot SET taken = taken + 1")
    assert not desk.store.take_seat("NHI", to_ts(SLOT))


def test_profile_booking_section_is_checked():
    text, _ = read_config_text(None)
    ok = parse_config(
        text + '\n[booking]\nenabled = true\nservices = ["MOVE"]\nslot_min = 20\nhold = true\n', "x.toml"
    )
    assert ok.booking.enabled and ok.booking.slot_min == 20 and ok.booking.hold
    for bad, key in (
        ('[booking]\nenabled = true\nservices = ["MOVEE"]\n', "booking.services[0]"),
        ("[booking]\nenabled = true\n", "booking.services"),
        ('[booking]\nservices = ["MOVE"]\nshare = 1.5\n', "booking.share"),
        ('[booking]\nservices = ["MOVE"]\ngrace = 5\n', "booking.grace"),
        ("[booking]\nshares = { NOPE = 0.2 }\n", "booking.shares"),
        ('[booking]\nservices = ["MOVE"]\nhold = "yes"\n', "booking.hold"),
    ):
        with pytest.raises(ConfigError) as exc:
            parse_config(text + "\n" + bad, "x.toml")
        assert exc.value.key.startswith(key), (bad, exc.value.key)


def test_scheduler_plans_and_runs_the_no_show_sweeps(desk, tmp_path):
    from shared import jobs

    settings = jobs.JobSettings(backup_dir=tmp_path, report_dir=tmp_path)
    plan = [p for p in jobs.plan_day(CFG, SLOT.date(), settings) if p.job == "no_shows"]
    assert plan[0].at.strftime("%H:%M") == "09:11" and len(plan) == 14  # 09:00 … 15:30, each + grace + 1 min
    assert not [p for p in jobs.plan_day(load_config(), SLOT.date(), settings) if p.job == "no_shows"]
    b = desk.book(service="NHI", start=SLOT, now=BEFORE)
    p = next(p for p in plan if p.at.strftime("%H:%M") == "11:11")
    r = jobs.run_once(
        desk.engine, p.job, p.run_key, jobs.job_function(p, desk.engine, "", settings, p.at), p.at
    )
    assert r.ok and "1" in r.result and desk.find(b.number).state == "no_show"


def _desk_office(db_path, desk_counter=7):
    """[booking] hold off; counter ``desk_counter`` is a 予約 counter ([[counters]] booking = true)."""
    plan = tuple(dataclasses.replace(c, booking=c.number == desk_counter) for c in CFG.counters)
    return BookingDesk(open_office(db_path, dataclasses.replace(CFG, counters=plan)))


def test_booking_counter_keeps_itself_for_its_booking_though_a_walk_in_counter_is_free(db_path):
    desk = _desk_office(db_path)
    e = desk.engine
    b = desk.book(service="NHI", start=SLOT, now=BEFORE)
    first = e.issue("NHI", now=SLOT - timedelta(minutes=40)).ticket.display
    walk = e.issue("NHI", now=SLOT - timedelta(minutes=39)).ticket.display
    e.open_counter(8, now=SLOT - timedelta(minutes=40), services=["NHI"])  # a walk-in counter, idle
    e.open_counter(7, now=SLOT - timedelta(minutes=40), services=["NHI"])
    # no booking near: the 予約 counter serves walk-ins (a 12-min visit from 10:44, taken as 15, ends before 11:00)
    assert e.call_next(7, now=SLOT - timedelta(minutes=16)).ticket.display == first
    e.finish(7, now=SLOT - timedelta(minutes=10))
    # a walk-in now would run past the slot: kept free, though counter 8 is idle (walk-in counters don't count)
    out = e.call_next(7, now=SLOT - timedelta(minutes=10))
    assert out.ticket is None and out.kept == to_ts(SLOT) + 600 and "11:00" in out.message
    mine = desk.check_in(b.number, now=SLOT - timedelta(minutes=2)).outcome.ticket.display
    assert e.call_next(7, now=SLOT - timedelta(minutes=2)).ticket.display == mine
    assert e.call_next(8, now=SLOT - timedelta(minutes=2)).ticket.display == walk
    e.store.close()


def test_booking_counter_flag_must_be_a_bool():
    text, _ = read_config_text(None)
    ok = text.replace('services = ["NHI", "ELDERLY"]', 'services = ["NHI", "ELDERLY"]\nbooking = true')
    assert [c.number for c in parse_config(ok, "x.toml").counters if c.booking] == [7]
    for bad in ('"yes"', "1"):
        with pytest.raises(ConfigError) as exc:
            parse_config(ok.replace("booking = true", f"booking = {bad}"), "x.toml")
        assert exc.value.key.startswith("counters") and exc.value.key.endswith("booking"), exc.value.key
