"""The clerk's verbs, one method per F-key, mixed into CounterWindow. Each hands one engine verb to
``self.run``, which runs it on the background writer and then shows the result or a one-line error and re-reads
the screen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from counter.dialogs import CallNumberDialog, ConfirmDialog, PauseDialog, ServicesDialog, TransferDialog
from counter.texts import queue_name
from shared.errors import MadoguchiError
from shared.models import Outcome
from shared.timeutil import to_ts

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from counter.forms_prompt import FormsPrompt
    from counter.queue_panel import QueuePanel
    from counter.views import QueueSnapshot, TicketView
    from shared.engine import QueueEngine
    from shared.models import CounterInfo


class Verbs:
    engine: QueueEngine
    number: int | None
    info: CounterInfo | None
    view: TicketView | None
    snapshot: QueueSnapshot
    queue_panel: QueuePanel
    forms_prompt: FormsPrompt
    clock: Callable[[], datetime]

    if TYPE_CHECKING:

        def run(
            self,
            fn: Callable[[QueueEngine, datetime], Outcome],
            describe: Callable[[Outcome], str] | None = None,
            display: str | None = None,
            then: Callable[[Outcome], None] | None = None,
        ) -> bool: ...
        def say(self, text: str, error: bool = False) -> None: ...
        def open_dialog(self, dialog: QDialog) -> None: ...
        def show_signin(self, choose: int | None = None, clerk: str | None = None) -> None: ...
        def refresh(self) -> None: ...

    @property
    def n(self) -> int:
        assert self.number is not None
        return self.number

    def _name(self, queue: str) -> str:
        return queue_name(self.engine.config, queue)

    # -- calling ----------------------------------------------------------------------------------------------
    def call_next(self) -> None:
        def said(out: Outcome) -> str:
            if out.ticket is None:
                return "お待ちの方はいません"
            return f"{out.ticket.display}（{self._name(out.leg.queue) if out.leg else ''}）を呼び出しました"

        self.run(lambda e, now: e.call_next(self.n, now=now), said)

    def call_number(self, display: str) -> None:
        self.run(
            lambda e, now: e.call_number(self.n, display, now=now),
            lambda out: f"{out.ticket.display if out.ticket else display} を番号指定で呼び出しました",
            display=display,
        )

    def ask_call_number(self) -> None:
        if self.view is not None:
            self.say(f"先に {self.view.display} を完了・不在・保留にしてください", error=True)
            return
        dlg = CallNumberDialog(
            self.snapshot.rows, to_ts(self.clock()), self, preset=self.queue_panel.selected()
        )
        dlg.chosen.connect(self.call_number)
        dlg.reactivate.connect(self.reactivate)
        self.open_dialog(dlg)

    def reactivate(self, display: str) -> None:
        self.run(
            lambda e, now: e.reactivate(display, now=now, actor=self._actor()),
            lambda out: f"{display} を待ちに戻しました（元の順番）",
        )

    def recall(self) -> None:
        self.run(
            lambda e, now: e.recall(self.n, now=now),
            lambda out: (
                f"{out.ticket.display if out.ticket else ''} を再呼出しました"
                f"（{out.leg.recalls if out.leg else 0}回目）"
            ),
        )

    def no_show(self) -> None:
        self.run(
            lambda e, now: e.no_show(self.n, now=now),
            lambda out: (
                f"{out.ticket.display if out.ticket else ''} を不在にしました。"
                "来られたら F8 の「不在にした方を待ちに戻す」で戻せます"
            ),
        )

    # -- serving ----------------------------------------------------------------------------------------------
    def start_service(self) -> None:
        self.run(
            lambda e, now: e.start(self.n, now=now),
            lambda out: f"{out.ticket.display if out.ticket else ''} の受付を開始しました",
        )

    def hold(self) -> None:
        self.run(
            lambda e, now: e.hold(self.n, now=now),
            lambda out: (
                f"{out.ticket.display if out.ticket else ''} を保留にしました。"
                "戻られたら一覧から選んで呼出できます"
            ),
        )

    def return_to_queue(self, display: str) -> None:
        self.run(
            lambda e, now: e.return_to_queue(display, now=now, actor=self._actor()),
            lambda out: f"{display} を待ちに戻しました（元の順番）",
            display=display,
        )

    def ask_transfer(self) -> None:
        if self.view is None:
            self.say("転送する番号がありません（先に呼出してください）", error=True)
            return
        waiting = self._waiting_counts()
        dlg = TransferDialog(self.engine.config, self.view.display, self.view.queue, waiting, self)
        dlg.chosen.connect(self.transfer)
        dlg.added.connect(self.add_step)
        self.open_dialog(dlg)

    def add_step(self, service: str) -> None:
        self.run(
            lambda e, now: e.add_step(self.n, service, now=now),
            lambda out: (
                f"{out.ticket.display if out.ticket else ''} は完了後「{self._name(service)}」へご案内します"
                "（同じ番号・順番はそのまま）"
            ),
        )

    def transfer(self, service: str) -> None:
        self.run(
            lambda e, now: e.transfer(self.n, service, now=now),
            lambda out: (
                f"{out.ticket.display if out.ticket else ''} を「{self._name(service)}」へ転送しました"
                "（番号・順番はそのまま）"
            ),
        )

    def finish(self) -> None:
        def said(out: Outcome) -> str:
            d = out.ticket.display if out.ticket else ""
            if out.message:  # e.g. served across the rollover: the next step needs a new ticket
                return f"{d} 完了しました。{out.message.split(' / ')[0]}"
            if out.leg is not None and out.leg.state == "waiting":
                return f"{d} 完了 → 次は「{self._name(out.leg.queue)}」です（同じ番号でお待ちいただきます）"
            return f"{d} 完了しました"

        forms = self.forms_prompt.value()  # 書かない: None where the step is not asked about

        def said_forms(out: Outcome) -> str:
            return said(out) + (f"（手書きの申請書 {forms} 枚）" if forms else "")

        self.run(lambda e, now: e.finish(self.n, now=now, forms=forms), said_forms)

    # -- the counter ------------------------------------------------------------------------------------------
    def toggle_pause(self) -> None:
        if self.info is not None and self.info.state == "paused":
            self.run(lambda e, now: e.resume_counter(self.n, now=now), lambda out: "受付を再開しました")
            return
        if self.info is not None and self.info.state == "closed":
            self.say("窓口は閉局しています", error=True)
            return
        dlg = PauseDialog(self)
        dlg.chosen.connect(self.pause)
        self.open_dialog(dlg)

    def pause(self, reason: str) -> None:
        self.run(
            lambda e, now: e.pause_counter(self.n, reason, now=now),
            lambda out: f"休止しました（{reason}）。F9 で再開します",
        )

    def ask_close(self) -> None:
        if self.view is not None:
            self.say(f"対応中の番号 {self.view.display} を先に完了してください", error=True)
            return
        text = "閉局すると、この窓口では呼出できなくなります。"
        orphans = self._orphaned_queues()
        if orphans:
            text += "\n⚠ ほかに受け付ける窓口がない業務: " + "、".join(orphans)
        dlg = ConfirmDialog(f"{self.n}番窓口を閉局", text, "閉局する", self)
        dlg.confirmed.connect(self.close_counter)
        self.open_dialog(dlg)

    def close_counter(self) -> None:
        n = self.n
        # a plain sign-in page afterwards: no "closed elsewhere" note after our own close
        self.run(lambda e, now: e.close_counter(n, now=now), then=lambda _out: self.show_signin(n))

    def ask_services(self) -> None:
        if self.info is None:
            return
        try:
            default = self.engine.config.counter(self.n).services
        except KeyError:
            default = ()
        dlg = ServicesDialog(
            self.engine.config, self.info.services, default, self, clerk=self.info.clerk or ""
        )
        dlg.chosen.connect(self.set_services)
        dlg.clerk_changed.connect(self.set_clerk)
        self.open_dialog(dlg)

    def set_clerk(self, clerk: str) -> None:
        self.run(
            lambda e, now: e.set_clerk(self.n, clerk or None, now=now),
            lambda out: f"担当を「{clerk}」に交代しました" if clerk else "担当者名を外しました",
        )

    def set_services(self, services: tuple[str, ...]) -> None:
        self.run(
            lambda e, now: e.set_services(self.n, services, now=now),
            lambda out: "受け付ける業務を変更しました（対応中の番号はそのままです）",
        )

    # -- helpers ----------------------------------------------------------------------------------------------
    def _actor(self) -> str:
        clerk = self.info.clerk if self.info else None
        return f"counter{self.n}" + (f":{clerk}" if clerk else "")

    def _waiting_counts(self) -> dict[str, int]:
        try:
            return {q: n for q, (n, _o) in self.engine.store.waiting_counts().items()}
        except sqlite3.Error:
            return {}

    def _orphaned_queues(self) -> list[str]:
        """Served queues with people waiting that no other open counter serves."""
        if self.info is None:
            return []
        try:
            waiting = self._waiting_counts()
            others = [c for c in self.engine.counters() if c.number != self.n and c.state == "open"]
        except (MadoguchiError, sqlite3.Error):
            return []
        out = []
        for q in self.info.services:
            if waiting.get(q, 0) and not any(q in c.services for c in others):
                out.append(f"{self._name(q)}（待ち {waiting[q]}人）")
        return out
