"""A simulated clerk for the demo: presses the console's own F-key buttons at ``speed`` × real time.

It goes through exactly the code path a clerk's key press takes (the button's ``clicked`` → the window's action),
so the demo exercises the real console. Walk-up and service times are drawn like a real window's: a short walk,
a lognormal service around the service's ``service_min``, and now and then a visitor who does not come.
"""

from __future__ import annotations

import math
import random

from PySide6.QtCore import QObject, QTimer

from counter.window import CounterWindow

WALK_S = 25.0  # typical walk from the hall to the counter
NO_SHOW_SHARE = 0.05


class Autopilot(QObject):
    def __init__(
        self, window: CounterWindow, speed: float, seed: int | None = None, tick_ms: int = 200
    ) -> None:
        super().__init__(window)
        if not 0 < speed <= 3600:
            raise ValueError("--autopilot speed must be between 0 and 3600")
        self.window = window
        self.speed = speed
        self.rnd = random.Random(seed)
        self._leg: int | None = None
        self._due = 0.0
        self._plan = "start"
        self._clock = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.step)
        self.timer.start()

    def _press(self, name: str) -> None:
        self.window.action_bar.buttons[name].click()

    def _service_s(self, service: str) -> float:
        svc = self.window.engine.services.get(service.split(":")[0])
        mean = (svc.service_min if svc else 8.0) * 60.0
        sigma = 0.5
        return self.rnd.lognormvariate(math.log(mean) - sigma**2 / 2, sigma)

    def step(self) -> None:
        self._clock += self.timer.interval() / 1000.0 * self.speed  # office seconds passed
        w = self.window
        if w.number is None or w.dialog is not None or w.writer.pending or self._clock < self._due:
            return
        cur = w.engine.current(w.number)
        if cur is None:
            self._leg = None
            self._press("call")
            self._due = self._clock + 20.0  # look again in 20 office seconds if nobody was waiting
            return
        ticket, leg = cur
        if leg.id != self._leg:  # a newly called visitor
            self._leg = leg.id
            self._plan = "no_show" if self.rnd.random() < NO_SHOW_SHARE else "start"
            self._due = self._clock + self.rnd.uniform(0.5, 1.5) * WALK_S
            return
        if leg.state == "called":
            if self._plan == "start":
                self._press("start")
                self._due = self._clock + self._service_s(leg.service)
            elif leg.recalls < w.engine.config.queue.no_show_after_recalls:
                self._press("recall")
                self._due = self._clock + WALK_S * 2
            else:
                self._press("no_show")
                self._due = self._clock + 5.0
        elif leg.state == "serving":
            self._press("finish")
            self._due = self._clock + self.rnd.uniform(5.0, 20.0)
