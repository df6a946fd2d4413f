"""The city server's view of every office: one background thread asks each office's ``/api/status`` in turn
(spread over ``poll_seconds``, each request bounded by ``timeout_seconds``) and keeps the last checked answer.

An office is *fresh* while its last good answer is younger than ``stale_after_seconds`` (by the city's clock)
and the office itself served recent numbers; after that it is *stale* (numbers are no longer shown as current);
an office never reached is *unreachable*. The city never opens an office database.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from shared.city.profile import CityOffice, CityProfile
from shared.city.status import OfficeNow, Refused, fetch, parse
from shared.timeutil import now_tokyo

log = logging.getLogger("madoguchi.city")

FRESH, STALE, UNREACHABLE = "fresh", "stale", "unreachable"


@dataclass
class OfficeState:
    office: CityOffice
    now: OfficeNow | None = None  # the last answer that passed the checks
    ok_at: datetime | None = None  # when it came (city clock)
    ok_mono: float | None = None
    tried_at: datetime | None = None
    error: str | None = None  # why the last try failed (None: it worked)
    failures: int = 0

    def status(self, mono: float, stale_after: float) -> str:
        if self.now is None or self.ok_mono is None:
            return UNREACHABLE
        if mono - self.ok_mono > stale_after or self.now.office_age_s > stale_after:
            return STALE
        return FRESH


@dataclass
class CityWatch:
    profile: CityProfile
    clock: Callable[[], datetime] = now_tokyo
    states: dict[str, OfficeState] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.states = {o.code: OfficeState(o) for o in self.profile.offices}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.polls = 0

    # -- one poll -------------------------------------------------------------------------------------------
    def poll_office(self, code: str) -> None:
        st = self.states[code]
        office = st.office
        try:
            now = parse(fetch(office.api_url, self.profile.timeout_seconds))
            if now.office_code is not None and now.office_code != office.code:
                raise Refused(f"answers as office {now.office_code!r}, not {office.code!r}")
        except Refused as exc:
            with self._lock:
                st.tried_at, st.error = self.clock(), str(exc)
                st.failures += 1
                if st.failures == 1 or st.failures % 60 == 0:
                    log.warning("office %s (%s): %s", office.code, office.api_url, exc)
            return
        with self._lock:
            if st.failures:
                log.info("office %s answers again", office.code)
            st.now, st.ok_at, st.ok_mono = now, self.clock(), time.monotonic()
            st.tried_at, st.error, st.failures = st.ok_at, None, 0

    def poll_all(self) -> None:
        for code in self.states:
            self.poll_office(code)

    # -- the thread -----------------------------------------------------------------------------------------
    def _run(self) -> None:
        codes = list(self.states)
        gap = self.profile.poll_seconds / len(codes)
        due = time.monotonic()
        i = 0
        while not self._stop.is_set():
            self.poll_office(codes[i])
            self.polls += 1
            i = (i + 1) % len(codes)
            due = max(due + gap, time.monotonic())
            self._stop.wait(max(0.0, due - time.monotonic()))

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="city-poll", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.profile.timeout_seconds + 2)

    def snapshot(self) -> list[tuple[OfficeState, str]]:
        """Each office's state (copied under the lock) and its status now, in profile order."""
        mono = time.monotonic()
        with self._lock:
            out = []
            for st in self.states.values():
                copy = OfficeState(
                    st.office, st.now, st.ok_at, st.ok_mono, st.tried_at, st.error, st.failures
                )
                out.append((copy, copy.status(mono, self.profile.stale_after_seconds)))
            return out
