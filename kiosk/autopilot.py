"""Simulated visitors for the demo: they tap the kiosk's own buttons at ``speed`` × real time.

Each visitor goes through the path a person's finger takes: sometimes a language first, then a service tile or
the certificate flow (documents and copies), and finally 「閉じる」 on the ticket screen. Nothing bypasses the
window, so the demo exercises the real kiosk: the double-tap guard, the worker thread, printing and the
on-screen ticket.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QObject, QTimer

from kiosk.window import KioskWindow

MEAN_GAP_S = 90.0  # office seconds between visitors at this kiosk
LANG_SHARE = 0.2
CERT_SHARE = 0.35
DIVERT_SHARE = 0.3  # of visitors offered an alternative (行かない), the share who take it


class Autopilot(QObject):
    def __init__(
        self, window: KioskWindow, speed: float, seed: int | None = None, tick_ms: int = 200
    ) -> None:
        super().__init__(window)
        if not 0 < speed <= 3600:
            raise ValueError("--autopilot speed must be between 0 and 3600")
        self.window = window
        self.speed = speed
        self.rnd = random.Random(seed)
        self.office_s = 0.0
        self.next_visitor = self.rnd.expovariate(1 / MEAN_GAP_S)
        self.ticket_since: float | None = None
        self.visitors = 0
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.step)
        self.timer.start()

    def _alternative(self) -> None:
        """The offer before the ticket: take it (then read the guide and close) or choose the counter."""
        w = self.window
        if not w.alternative.taken():
            if self.rnd.random() < DIVERT_SHARE:
                w.alternative.take_button.click()
            else:
                w.alternative.counter_button.click()
            return
        if self.ticket_since is None:
            self.ticket_since = self.office_s
        elif self.office_s - self.ticket_since > 15.0:
            self.ticket_since = None
            w.alternative.done.click()

    def step(self) -> None:
        self.office_s += self.timer.interval() / 1000.0 * self.speed
        w = self.window
        screen = w.current()
        if screen == "ticket":
            if self.ticket_since is None:
                self.ticket_since = self.office_s
            elif self.office_s - self.ticket_since > 15.0:  # read it, take the paper, close
                self.ticket_since = None
                w.ticket.done.click()
            return
        if screen == "alternative":
            self._alternative()
            return
        if screen != "home" or self.office_s < self.next_visitor:
            return
        self.next_visitor = self.office_s + self.rnd.expovariate(1 / MEAN_GAP_S)
        self.visitors += 1
        if self.rnd.random() < LANG_SHARE:
            w.langbar.buttons[self.rnd.choice(list(w.langbar.buttons))].click()
        tiles = [t for t in w.home.tiles if t.enabled and t.kind in ("service", "certificates")]
        if not tiles:
            return
        certs = [t for t in tiles if t.kind == "certificates"]
        if certs and self.rnd.random() < CERT_SHARE:
            w.home.buttons[certs[0].code].click()
            rows = [r for r in w.certificates.rows.values() if r.plus.isEnabled()]
            for row in self.rnd.sample(rows, k=min(len(rows), self.rnd.choice((1, 1, 2)))):
                for _ in range(self.rnd.choice((1, 1, 2, 3))):
                    row.plus.click()
            w.certificates.issue_button.click()
            return
        services = [t for t in tiles if t.kind == "service"]
        if services:
            w.home.buttons[self.rnd.choice(services).code].click()
