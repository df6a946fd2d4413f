"""Random operation sequences (hypothesis): the log replays to the state, numbers are unique, and no ticket
is ever held by two counters."""

from __future__ import annotations

import contextlib
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from shared.config import load_config
from shared.errors import DomainError
from shared.office import open_office
from shared.replay import verify
from tests.conftest import NOW, always_open

CFG = always_open(load_config())
SERVICES = ["RES", "TAX", "MOVE", "NHI", "MYNA"]
COUNTERS = [1, 4, 7, 10, 11]
BUNDLES = ["move_in", "birth", "death"]


class QueueMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.TemporaryDirectory()
        self.engine = open_office(Path(self.dir.name) / "o.db", CFG)
        self.t = NOW
        for c in COUNTERS:
            self.engine.open_counter(c, now=self.t)

    def teardown(self) -> None:
        self.engine.store.close()
        self.dir.cleanup()

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


QueueMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestQueueMachine = QueueMachine.TestCase
