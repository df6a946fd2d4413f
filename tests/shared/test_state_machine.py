"""Random operation sequences (hypothesis): the log replays to the state, numbers are unique, and no ticket
is ever held by two counters."""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from shared.booking import BookingDesk
from shared.booking_settings import BookingSettings
from shared.config import load_config
from shared.errors import DomainError
from shared.office import open_office
from shared.policy import Candidate, is_due
from shared.replay import verify
from shared.storage.booking_store import BookingStore
from shared.timeutil import to_ts
from tests.conftest import NOW, always_open

# 来庁予約 on for two services, with a seat or more per slot and no cut-off, so random runs book, check in and
# call appointments beside walk-ins; with hold on, a counter may be kept free for one not checked in yet
BOOKING = BookingSettings(
    enabled=True,
    services=("MOVE", "NHI"),
    shares={"MOVE": 1.0, "NHI": 1.0},
    cutoff_min=0,
    max_in_row=2,
    hold=True,
)
CFG = dataclasses.replace(always_open(load_config()), booking=BOOKING)
SERVICES = ["RES", "TAX", "MOVE", "NHI", "MYNA"]
COUNTERS = [1, 4, 7, 10, 11]
BUNDLES = ["move_in", "birth", "death"]


def sqlite_db() -> tuple[str, Callable[[], None]]:
    d = tempfile.TemporaryDirectory()
    return str(Path(d.name) / "o.db"), d.cleanup


class QueueMachine(RuleBasedStateMachine):
    # a fresh database per example and how to throw it away; the test below sets it per backend
    new_db: Callable[[], tuple[str, Callable[[], None]]] = staticmethod(sqlite_db)

    def __init__(self) -> None:
        super().__init__()
        db, self.cleanup = type(self).new_db()
        self.engine = open_office(db, CFG)
        self.desk = BookingDesk(self.engine)
        self.bookings: list[str] = []
        self.t = NOW
        for c in COUNTERS:
            self.engine.open_counter(c, now=self.t)

    def teardown(self) -> None:
        self.engine.store.close()
        self.cleanup()

    def tick(self) -> None:
        self.t += timedelta(seconds=37)

    def attempt(self, fn, *args) -> None:
        self.tick()
        with contextlib.suppress(DomainError):  # illegal in this state: must change nothing (the invariants)
            fn(*args, now=self.t)

    @rule(service=st.sampled_from(SERVICES), prio=st.integers(0, 1))
    def issue(self, service, prio):
        self.attempt(lambda now: self.engine.issue(service, now=now, priority=prio))

    @rule(bundle=st.sampled_from(BUNDLES), answers=st.lists(st.booleans(), min_size=5, max_size=5))
    def issue_bundle(self, bundle, answers):
        self.attempt(lambda now: self.engine.issue_bundle(bundle, dict(enumerate(answers)), now=now))

    @rule(
        counter=st.sampled_from(COUNTERS),
        verb=st.sampled_from(["call_next", "recall", "no_show", "start", "hold", "finish"]),
    )
    def counter_verb(self, counter, verb):
        self.attempt(getattr(self.engine, verb), counter)

    @rule(counter=st.sampled_from(COUNTERS), service=st.sampled_from(SERVICES))
    def transfer(self, counter, service):
        self.attempt(self.engine.transfer, counter, service)

    @rule(counter=st.sampled_from(COUNTERS), service=st.sampled_from(SERVICES))
    def add_step(self, counter, service):
        self.attempt(self.engine.add_step, counter, service)

    @rule(counter=st.sampled_from(COUNTERS), n=st.integers(1, 12), letter=st.sampled_from("ACDFKW"))
    def call_number(self, counter, n, letter):
        self.attempt(self.engine.call_number, counter, f"{letter}{n:03d}")

    @rule(
        n=st.integers(1, 12),
        letter=st.sampled_from("ACDFK"),
        verb=st.sampled_from(["cancel", "return_to_queue", "reactivate"]),
    )
    def by_number(self, n, letter, verb):
        self.attempt(getattr(self.engine, verb), f"{letter}{n:03d}")

    @rule(counter=st.sampled_from(COUNTERS), action=st.sampled_from(["pause", "resume", "close", "open"]))
    def counter_state(self, counter, action):
        e = self.engine
        fn = {
            "pause": lambda now: e.pause_counter(counter, "休憩", now=now),
            "resume": lambda now: e.resume_counter(counter, now=now),
            "close": lambda now: e.close_counter(counter, now=now),
            "open": lambda now: e.open_counter(counter, now=now),
        }[action]
        self.attempt(fn)

    @rule(service=st.sampled_from(["MOVE", "NHI"]), ahead=st.integers(0, 1), arrive=st.booleans())
    def book(self, service, ahead, arrive):
        """Book the next slot (or the one after); with ``arrive``, check in at once (early, on time)."""
        self.tick()
        grid = self.t.replace(hour=9, minute=0, second=0, microsecond=0)
        k = max(0, -(-int((self.t - grid).total_seconds()) // 1800))  # the next half hour from 09:00
        start = grid + timedelta(minutes=30 * (k + ahead))
        with contextlib.suppress(DomainError):
            self.bookings.append(self.desk.book(service=service, start=start, now=self.t).number)
            if arrive:
                self.desk.check_in(self.bookings[-1], now=self.t)

    @rule(i=st.integers(0, 20), verb=st.sampled_from(["check_in", "cancel"]))
    def use_booking(self, i, verb):
        if self.bookings:
            self.attempt(getattr(self.desk, verb), self.bookings[i % len(self.bookings)])

    @rule(minutes=st.integers(5, 30))
    def wait(self, minutes):
        self.t += timedelta(minutes=minutes)

    @rule(counter=st.sampled_from([4, 7]))
    def serve_next(self, counter):
        """Call and finish at a MOVE / NHI counter: a walk-in is called while an appointment is due only once
        the counter has called ``max_in_row`` appointments in a row (the fairness cap)."""
        self.tick()
        e = self.engine
        c = e.store.counter(counter)
        if c is None or c.state != "open" or e.current(counter) is not None:
            return
        cands = (Candidate(*r) for r, _ in e.store.candidates(c.services))
        due = [x for x in cands if is_due(x, to_ts(self.t), e.rules.booked_lead_s)]
        run = BookingStore(e.store.db).booked_run(counter, e.day(self.t), 100)
        out = e.call_next(counter, now=self.t)
        if out.kept is not None:  # kept free: an appointment of its services is not here, at most 5 min late
            now = to_ts(self.t)
            coming = [b for b in self.desk.store.of_day(e.day(self.t)) if b.state == "booked"]
            assert any(b.service in c.services and now < b.slot_ts + 300 <= out.kept for b in coming), out
            assert run < BOOKING.max_in_row  # the fairness cap: never kept on the walk-in's turn
        if out.leg is not None:
            if due and out.leg.priority == 0 and self.desk.store.leg_slot(out.leg.id) is None:
                assert run >= BOOKING.max_in_row, (due, run)
            e.finish(counter, now=self.t)

    @rule()
    def expire_no_shows(self):
        self.desk.expire(self.t)

    @invariant()
    def seats_match_bookings_and_never_overbook(self):
        db = self.engine.store.db
        for service, start, taken, capacity in db.execute(
            "SELECT service, start_ts, taken, capacity FROM booking_slot"
        ).fetchall():
            held = db.scalar(
                "SELECT count(*) FROM booking WHERE service = ? AND slot_ts = ? AND state IN ('booked', 'checked_in')",
                (service, start),
            )
            assert 0 <= taken <= capacity and taken == held

    @invariant()
    def log_replays_to_state(self):
        assert verify(self.engine.store) == []

    @invariant()
    def numbers_unique(self):
        tickets = self.engine.store.tickets_of_day(self.engine.day(self.t))
        displays = [t.display for t in tickets]
        assert len(displays) == len(set(displays))

    @invariant()
    def one_ticket_per_counter_and_counter_per_ticket(self):
        active = [self.engine.current(c) for c in COUNTERS]
        tickets = [a[0].id for a in active if a is not None]
        assert len(tickets) == len(set(tickets))
        for c, a in zip(COUNTERS, active, strict=True):
            if a is not None:
                assert a[1].counter == c and a[1].state in ("called", "serving")


SETTINGS = settings(
    max_examples=40, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.slow
def test_queue_machine(backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same random sequences on each backend (a fresh database per example)."""
    if backend == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        url = request.getfixturevalue("pg_url")

        def pg_db() -> tuple[str, Callable[[], None]]:
            cluster.empty(
                url
            )  # one database, emptied per example (CREATE DATABASE would cost 0.1–0.3 s each)
            return url, lambda: None

        monkeypatch.setattr(QueueMachine, "new_db", staticmethod(pg_db))
    run_state_machine_as_test(QueueMachine, settings=SETTINGS)
