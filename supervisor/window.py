"""SupervisorWindow: sign-in, then the live floor (counters, services, alerts, today's KPIs), the waiting list,
today's notice, and the what-if planner. Every action is one engine verb, logged with the supervisor's name.

Shortcuts (also on each button): F2 業務変更, F3 休止, F4 再開, F5 閉局, F6 発券停止, F7 本日受付終了, F8 発券再開,
F9 警告対応済み, F10 番号を移す, F11 取消（2回押し）, F12 お知らせ保存, Ctrl+R 予測, Ctrl+Shift+A 計画を実行,
Ctrl+Shift+X 予定の変更を取り消す.
"""

from __future__ import annotations

import logging
import sqlite3
import time as _time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shared.engine import QueueEngine
from shared.errors import ConflictError, MadoguchiError, worded
from shared.floor import Floor, read_floor
from shared.i18n.languages import LANG_LABELS, LANGS
from shared.models import Outcome
from shared.plan_steps import Change as PlanChange
from shared.plan_steps import Ran, cancel, run_due, schedule, steps_of_day
from shared.storage.target import DbTarget
from shared.timeutil import from_ts, to_ts
from supervisor.style import style
from supervisor.views import (
    COUNTER_HEADERS,
    SERVICE_HEADERS,
    bookings_text,
    counter_cells,
    mm,
    service_cells,
    today_text,
)
from supervisor.whatif_panel import KIND_WORDS, WhatIfPanel

log = logging.getLogger("supervisor")
CANCEL_ARM_S = 5.0
PLAN_TICK_MS = 10_000
DUE_NOW_S = 60.0
STOP_MESSAGES = (
    "本日の受付は終了しました",
    "ただいま発券を停止しています",
    "混雑のため受付を一時停止しています",
)


def ja_only(text: str) -> str:
    """The Japanese half of a 「日本語 / English」 alert message (staff read Japanese)."""
    return text.split(" / ")[0]


def _table(headers: list[str], stretch: int | None = None) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        t.horizontalHeader().setStretchLastSection(True)
    else:
        t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        t.setTextElideMode(Qt.TextElideMode.ElideRight)
    t.setWordWrap(False)
    return t


def _fill(table: QTableWidget, rows: list[list[str]], marks: list[bool]) -> None:
    keep = table.currentRow()
    table.setRowCount(len(rows))
    for r, (cells, mark) in enumerate(zip(rows, marks, strict=True)):
        for c, text in enumerate(cells):
            item = table.item(r, c)
            if item is None:
                item = QTableWidgetItem()
                table.setItem(r, c, item)
            if item.text() != text:
                item.setText(text)
            item.setToolTip(text)
            f = item.font()
            if f.bold() != mark:
                f.setBold(mark)
                item.setFont(f)
    if 0 <= keep < len(rows):
        table.selectRow(keep)


class SignInPage(QWidget):
    signed_in = Signal(str)

    def __init__(self, engine: QueueEngine, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.engine, self.clock = engine, clock
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(sorted(engine.config.supervisor.pins))
        self.name.setAccessibleName("名前")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName("PIN")
        self.pin.returnPressed.connect(self.submit)
        self.button = QPushButton("サインイン（Enter）")
        self.button.clicked.connect(self.submit)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addStretch(1)
        title = QLabel("フロアマネージャー画面 サインイン")
        title.setObjectName("title")
        box.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        form = QGridLayout()
        form.addWidget(QLabel("名前"), 0, 0)
        form.addWidget(self.name, 0, 1)
        form.addWidget(QLabel("PIN"), 1, 0)
        form.addWidget(self.pin, 1, 1)
        form.addWidget(self.button, 2, 1)
        form.addWidget(self.message, 3, 0, 1, 2)
        self.message.setMinimumHeight(72)
        self.name.setMinimumWidth(360)
        self.pin.setMinimumWidth(360)
        wrap = QWidget()
        wrap.setLayout(form)
        wrap.setFixedWidth(640)
        box.addWidget(wrap, alignment=Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)
        if not engine.config.supervisor.pins:
            self.message.setText(
                "プロファイルに [supervisor] pins がありません。"
                "madoguchi supervisor hash-pin で PIN のハッシュを作り、設定に書いてください。"
            )

    def submit(self) -> None:
        name, pin = self.name.currentText().strip(), self.pin.text()
        self.pin.clear()
        try:
            self.engine.supervisor_sign_in(name, pin, now=self.clock())
        except MadoguchiError as exc:
            self.message.setText(worded(exc))
            return
        except sqlite3.Error as exc:
            self.message.setText(f"データベースエラー: {exc}")
            return
        self.message.clear()
        self.signed_in.emit(name)


class SupervisorWindow(QMainWindow):
    def __init__(
        self,
        engine: QueueEngine,
        *,
        db_path: DbTarget | Path | None,
        clock: Callable[[], datetime],
        watch: bool = True,
        compact: bool = False,
    ) -> None:
        super().__init__()
        self.engine, self.clock = engine, clock
        self.user: str | None = None
        self.floor: Floor | None = None
        self._cancel_armed: tuple[str, float] | None = None
        self.names = {s.code: s.names["ja"] for s in engine.config.services}
        for s in engine.config.services:
            if s.pickup:
                self.names[f"{s.code}:pickup"] = s.names["ja"] + "（交付）"
        self.setWindowTitle("フロアマネージャー画面 — madoguchi")
        self.compact = compact
        self.setStyleSheet(style(13 if compact else 15))
        self.stack = QStackedWidget()
        self.signin = SignInPage(engine, clock)
        self.signin.signed_in.connect(self.enter)
        self.stack.addWidget(self.signin)
        self.stack.addWidget(self._build_floor())
        self.setCentralWidget(self.stack)
        self._shortcuts()
        self.watcher = None
        if watch and db_path is not None:
            from shared.qt.watcher import DbWatcher

            self.watcher = DbWatcher(db_path, parent=self)
            self.watcher.changed.connect(self.refresh)
            self.watcher.unavailable.connect(
                lambda text: self.say(f"データベースに接続できません: {text}", True)
            )
        self.tick = QTimer(self)  # elapsed times move on even when nothing is committed
        self.tick.setInterval(30_000)
        self.tick.timeout.connect(self.refresh)
        self.tick.start()
        self.plan_tick = QTimer(self)  # scheduled plan changes run on time (the scheduler runs them too)
        self.plan_tick.setInterval(PLAN_TICK_MS)
        self.plan_tick.timeout.connect(self.run_due_steps)
        self.plan_tick.start()

    # -- layout -----------------------------------------------------------------------------------------------
    def _build_floor(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        top = QHBoxLayout()
        self.header = QLabel()
        self.header.setObjectName("header")
        self.sign_out = QPushButton("サインアウト")
        self.sign_out.clicked.connect(self.leave)
        top.addWidget(self.header, 1)
        top.addWidget(self.sign_out)
        box.addLayout(top)
        self.today = QLabel()
        self.today.setObjectName("today")
        self.today.setWordWrap(True)
        box.addWidget(self.today)
        self.bookings = QLabel()  # 来庁予約 today per hour (hidden when the office takes no bookings)
        self.bookings.setObjectName("bookings")
        self.bookings.setWordWrap(True)
        self.bookings.hide()
        box.addWidget(self.bookings)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_live(), "フロア")
        self.tabs.addTab(self._build_waiting(), "待ち番号")
        self.tabs.addTab(self._build_notice(), "お知らせ")
        self.whatif = WhatIfPanel(self.engine, self.clock, self.apply_plan, self.cancel_step, self.compact)
        self.tabs.addTab(self.whatif, "予測（What-if）")
        box.addWidget(self.tabs, 1)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setProperty("error", "false")
        self.message.setWordWrap(True)
        box.addWidget(self.message)
        return page

    def _button(self, text: str, key: str, slot: Callable[[], None]) -> QPushButton:
        b = QPushButton(f"{text}（{key}）")
        b.setAccessibleName(text)
        b.clicked.connect(slot)
        self._keys.append((key, slot))
        return b

    def _build_live(self) -> QWidget:
        self._keys: list[tuple[str, Callable[[], None]]] = []
        w = QWidget()
        grid = QGridLayout(w)
        self.counters = _table(COUNTER_HEADERS, stretch=2)
        self.counters.itemSelectionChanged.connect(self._counter_selected)
        self.services = _table(SERVICE_HEADERS, stretch=0)
        grid.addWidget(QLabel("窓口"), 0, 0)
        grid.addWidget(self.counters, 1, 0)
        grid.addWidget(QLabel("業務"), 0, 1)
        grid.addWidget(self.services, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        # counter actions
        cbox = QVBoxLayout()
        self.service_checks: dict[str, QCheckBox] = {}
        checks = QGridLayout()
        for i, q in enumerate(self.names):
            cb = QCheckBox(self.names[q])
            self.service_checks[q] = cb
            checks.addWidget(cb, i // 3, i % 3)
        cbox.addLayout(checks)
        row = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("理由（休止・閉局）: 例 昼休み、システム障害")
        self.reason.setAccessibleName("理由")
        row.addWidget(self.reason, 1)
        self.b_services = self._button("業務を変更", "F2", self.change_services)
        self.b_pause = self._button("休止", "F3", self.pause_counter)
        self.b_resume = self._button("再開", "F4", self.resume_counter)
        self.b_close = self._button("閉局", "F5", self.close_counter)
        for b in (self.b_services, self.b_pause, self.b_resume, self.b_close):
            row.addWidget(b)
        cbox.addLayout(row)
        grid.addLayout(cbox, 2, 0)
        # issuing actions
        ibox = QVBoxLayout()
        self.stop_message = QComboBox()
        self.stop_message.setEditable(True)
        self.stop_message.addItems(STOP_MESSAGES)
        self.stop_message.setAccessibleName("発券停止の案内")
        ibox.addWidget(QLabel("発券停止の案内（発券機・呼出表示に出ます）"))
        ibox.addWidget(self.stop_message)
        row = QHBoxLayout()
        self.b_stop = self._button("発券停止", "F6", self.pause_issuing)
        self.b_end = self._button("本日受付終了", "F7", self.close_issuing)
        self.b_restart = self._button("発券再開", "F8", self.open_issuing)
        for b in (self.b_stop, self.b_end, self.b_restart):
            row.addWidget(b)
        ibox.addLayout(row)
        grid.addLayout(ibox, 2, 1)
        # alerts
        arow = QHBoxLayout()
        self.alerts = QListWidget()
        self.alerts.setMaximumHeight(64)
        self.alerts.setAccessibleName("発券機・プリンターの警告")
        self.b_ack = self._button("警告を対応済みに", "F9", self.acknowledge)
        arow.addWidget(self.alerts, 1)
        arow.addWidget(self.b_ack)
        grid.addWidget(QLabel("発券機・プリンターの警告"), 3, 0, 1, 2)
        grid.addLayout(arow, 4, 0, 1, 2)
        grid.setRowStretch(1, 1)
        return w

    def _build_waiting(self) -> QWidget:
        w = QWidget()
        box = QVBoxLayout(w)
        self.waiting = _table(["番号", "業務", "待ち時間", "発券"])
        box.addWidget(self.waiting, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("移す先の業務"))
        self.move_to = QComboBox()
        for q, name in self.names.items():
            self.move_to.addItem(name, q)
        self.move_to.setAccessibleName("移す先の業務")
        row.addWidget(self.move_to)
        self.b_move = self._button("番号を移す（順番はそのまま）", "F10", self.move_ticket)
        self.b_cancel = self._button("取消（もう一度押して確定）", "F11", self.cancel_ticket)
        row.addWidget(self.b_move)
        row.addWidget(self.b_cancel)
        row.addStretch(1)
        box.addLayout(row)
        return w

    def _build_notice(self) -> QWidget:
        w = QWidget()
        grid = QGridLayout(w)
        grid.addWidget(
            QLabel("本日のお知らせ（発券機・呼出表示のテロップ・スマホの画面に、閉庁まで表示されます）"),
            0,
            0,
            1,
            2,
        )
        self.notice_edits: dict[str, QLineEdit] = {}
        for i, lang in enumerate(LANGS):
            grid.addWidget(QLabel(LANG_LABELS.get(lang, lang)), i + 1, 0)
            e = QLineEdit()
            e.setAccessibleName(f"お知らせ {LANG_LABELS.get(lang, lang)}")
            self.notice_edits[lang] = e
            grid.addWidget(e, i + 1, 1)
        self.b_notice = self._button("お知らせを保存", "F12", self.save_notice)
        grid.addWidget(self.b_notice, len(LANGS) + 1, 1, alignment=Qt.AlignmentFlag.AlignLeft)
        grid.setRowStretch(len(LANGS) + 2, 1)
        return w

    def _shortcuts(self) -> None:
        self._keys += [
            ("Ctrl+R", self.whatif.run),
            ("Ctrl+Shift+A", self.whatif.apply),
            ("Ctrl+Shift+X", self.whatif.cancel_step),
        ]
        self.shortcuts = []
        for key, slot in self._keys:
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda slot=slot: self.signed() and slot())
            self.shortcuts.append(sc)

    # -- sign-in ----------------------------------------------------------------------------------------------
    def signed(self) -> bool:
        return self.user is not None and self.stack.currentIndex() == 1

    def enter(self, name: str) -> None:
        self.user = name
        self.whatif.actor = name
        self.stack.setCurrentIndex(1)
        self.refresh()
        self._load_notice()

    def leave(self) -> None:
        self.user = None
        self.whatif.stop()  # no forecast runs on for nobody
        self.stack.setCurrentIndex(0)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing stops the what-if's background replications (the worker processes end with the program)."""
        self.whatif.stop()
        self.whatif.join(2.0)  # its thread ends before the program does (a replication in flight: < 1 s)
        super().closeEvent(event)

    # -- reading ----------------------------------------------------------------------------------------------
    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(("⚠ " if error else "✓ ") + text)
        self.message.setProperty("error", "true" if error else "false")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def refresh(self) -> None:
        if self.user is None:
            return
        now = self.clock()
        try:
            f = read_floor(self.engine, now)
        except (MadoguchiError, sqlite3.Error) as exc:
            log.warning("floor refresh failed: %s", exc)
            self.say(f"画面を更新できませんでした: {exc}", True)
            return
        self.floor = f
        office = self.engine.config.name.get("ja", "")
        self.header.setText(f"{office}　フロア　{now:%H:%M}　担当: {self.user}")
        self.today.setText(today_text(f.today))
        self.bookings.setText(bookings_text(f.bookings))
        self.bookings.setVisible(f.bookings is not None)
        _fill(
            self.counters,
            [counter_cells(c, f.ts, self.names) for c in f.counters],
            [c.long_serve for c in f.counters],
        )
        _fill(self.services, [service_cells(s) for s in f.services], [s.breach for s in f.services])
        _fill(
            self.waiting,
            [
                [
                    e.ticket.display,
                    self.names.get(e.leg.queue, e.leg.queue),
                    mm(f.ts - e.leg.entered_at),
                    from_ts(e.ticket.issued_at).strftime("%H:%M"),
                ]
                for e in f.waiting
            ],
            [False] * len(f.waiting),
        )
        keep = self.alerts.currentRow()
        self.alerts.clear()
        for a in f.alerts:
            self.alerts.addItem(f"⚠ {from_ts(a.ts):%H:%M} {a.source}（{a.kind}）: {a.message}")
        if self.alerts.count():
            self.alerts.setCurrentRow(min(max(keep, 0), self.alerts.count() - 1))
        self.b_ack.setEnabled(bool(f.alerts))
        try:
            self.whatif.show_steps(steps_of_day(self.engine, now))
        except (MadoguchiError, sqlite3.Error) as exc:
            log.warning("plan steps not read: %s", exc)

    def _load_notice(self) -> None:
        notice = self.floor.notice if self.floor else {}
        for lang, e in self.notice_edits.items():
            e.setText(notice.get(lang, ""))

    def _counter_selected(self) -> None:
        c = self.selected_counter()
        if c is None or self.floor is None:
            return
        row = next((r for r in self.floor.counters if r.number == c), None)
        if row is not None:
            for q, cb in self.service_checks.items():
                cb.setChecked(q in row.services)

    def selected_counter(self) -> int | None:
        r = self.counters.currentRow()
        if self.floor is None or not (0 <= r < len(self.floor.counters)):
            return None
        return self.floor.counters[r].number

    def selected_service(self) -> str | None:
        r = self.services.currentRow()
        if self.floor is None or not (0 <= r < len(self.floor.services)):
            return None
        return self.floor.services[r].code

    def selected_ticket(self) -> str | None:
        r = self.waiting.currentRow()
        if self.floor is None or not (0 <= r < len(self.floor.waiting)):
            return None
        return self.floor.waiting[r].ticket.display

    # -- acting -----------------------------------------------------------------------------------------------
    def run(self, fn: Callable[[datetime], Outcome], done: str) -> Outcome | None:
        """One engine verb: show what it did or its one-line error (a conflict says who got there first)."""
        try:
            out = fn(self.clock())
        except ConflictError as exc:
            self.say(f"他の端末が先に変更しました: {worded(exc)}。画面を更新しました。", True)
            self.refresh()
            return None
        except MadoguchiError as exc:
            self.say(worded(exc), True)
            self.refresh()
            return None
        except sqlite3.Error as exc:
            log.exception("database error")
            self.say(f"データベースエラーのため実行できませんでした（{exc}）。もう一度押してください。", True)
            return None
        self.refresh()
        self.say(done)
        return out

    def _need(self, value: object, what: str) -> bool:
        if value is None:
            self.say(f"先に{what}を選んでください", True)
            return False
        return True

    def change_services(self) -> None:
        n = self.selected_counter()
        if not self._need(n, "窓口") or self.floor is None:
            return
        assert n is not None
        seen = next(r.services for r in self.floor.counters if r.number == n)
        chosen = [q for q, cb in self.service_checks.items() if cb.isChecked()]
        self.run(
            lambda now: self.engine.set_services(n, chosen, now=now, actor=self.user, expected=seen),
            f"{n}番窓口の業務を変更しました: {'・'.join(self.names[q] for q in chosen)}",
        )

    def pause_counter(self) -> None:
        n = self.selected_counter()
        if not self._need(n, "窓口"):
            return
        assert n is not None
        reason = self.reason.text().strip() or "休止"
        self.run(
            lambda now: self.engine.pause_counter(n, reason, now=now, actor=self.user),
            f"{n}番窓口を休止にしました（{reason}）",
        )

    def resume_counter(self) -> None:
        n = self.selected_counter()
        if not self._need(n, "窓口"):
            return
        assert n is not None
        self.run(
            lambda now: self.engine.resume_counter(n, now=now, actor=self.user), f"{n}番窓口を再開しました"
        )

    def close_counter(self) -> None:
        n = self.selected_counter()
        if not self._need(n, "窓口"):
            return
        assert n is not None
        reason = self.reason.text().strip() or None
        self.run(
            lambda now: self.engine.close_counter(n, now=now, reason=reason, actor=self.user),
            f"{n}番窓口を閉じました" + (f"（{reason}）" if reason else ""),
        )

    def _issuing(self, state: str, done: str) -> None:
        code = self.selected_service()
        if not self._need(code, "業務"):
            return
        assert code is not None
        text = self.stop_message.currentText().strip() if state != "open" else None
        self.run(
            lambda now: self.engine.set_issuing(code, state, now=now, reason=text, actor=self.user),
            f"{self.names[code]}: {done}",
        )

    def pause_issuing(self) -> None:
        self._issuing("paused", "発券を停止しました")

    def close_issuing(self) -> None:
        self._issuing("closed", "本日の受付を終了しました")

    def open_issuing(self) -> None:
        self._issuing("open", "発券を再開しました")

    def acknowledge(self) -> None:
        r = self.alerts.currentRow()
        if self.floor is None or not (0 <= r < len(self.floor.alerts)):
            self.say("対応済みにする警告がありません", True)
            return
        a = self.floor.alerts[r]
        self.run(
            lambda now: self.engine.resolve_alerts(now=now, alert_id=a.id),
            f"警告（{a.source}: {ja_only(a.message)}）を対応済みにしました",
        )

    def move_ticket(self) -> None:
        d = self.selected_ticket()
        if not self._need(d, "番号"):
            return
        assert d is not None
        q = self.move_to.currentData()
        seen = self.floor.waiting[self.waiting.currentRow()].leg.queue if self.floor else None
        self.run(
            lambda now: self.engine.move_ticket(d, q, now=now, actor=self.user, from_queue=seen),
            f"{d} を {self.names[q]} に移しました（順番はそのまま）",
        )

    def cancel_ticket(self) -> None:
        d = self.selected_ticket()
        if not self._need(d, "番号"):
            return
        assert d is not None
        t = _time.monotonic()
        armed = self._cancel_armed
        if armed is None or armed[0] != d or t - armed[1] > CANCEL_ARM_S:
            self._cancel_armed = (d, t)
            self.say(f"{d} を取り消します。よろしければもう一度「取消」（F11）を押してください", True)
            return
        self._cancel_armed = None
        self.run(lambda now: self.engine.cancel(d, now=now, actor=self.user), f"{d} を取り消しました")

    def save_notice(self) -> None:
        names = {lang: e.text() for lang, e in self.notice_edits.items()}
        self.run(
            lambda now: self.engine.set_notice(names, now=now, actor=self.user),
            "本日のお知らせを保存しました"
            if any(v.strip() for v in names.values())
            else "お知らせを消しました",
        )

    def apply_plan(self, plan: str, changes: list[PlanChange]) -> None:
        """Store a what-if plan's counter changes with the supervisor's name; run those due now."""
        user = self.user or "?"
        if self.run(lambda now: self._schedule(plan, changes, now, user), "計画を登録しました") is None:
            return
        ran = self.run_due_steps(quiet=True)
        later = [c for c in changes if c.due_ts > to_ts(self.clock()) + DUE_NOW_S]
        parts = [f"{r.text}" if r.state == "done" else f"⚠ {r.step.counter}番: {r.text}" for r in ran]
        if later:
            parts.append(
                "予定: "
                + "、".join(
                    f"{from_ts(c.due_ts):%H:%M} {c.counter}番 {KIND_WORDS.get(c.kind, c.kind)}" for c in later
                )
            )
        self.say("計画を実行しました: " + "、".join(parts), any(r.state == "failed" for r in ran))

    def _schedule(self, plan: str, changes: list[PlanChange], now: datetime, user: str) -> Outcome:
        schedule(self.engine, plan, changes, now=now, actor=user)
        return Outcome()

    def run_due_steps(self, quiet: bool = False) -> list[Ran]:
        """Run the scheduled plan changes that are due (whichever console or scheduler is first runs each once)."""
        try:
            ran = run_due(self.engine, self.clock())
        except (MadoguchiError, sqlite3.Error) as exc:
            log.warning("plan steps not run: %s", exc)
            return []
        if ran:
            self.refresh()
            if not quiet and self.user is not None:
                self.say(
                    "予定の変更: " + "、".join(f"{from_ts(r.step.due_ts):%H:%M} {r.text}" for r in ran),
                    any(r.state == "failed" for r in ran),
                )
        return ran

    def cancel_step(self, step_id: int) -> None:
        user = self.user or "?"
        self.run(lambda now: cancel(self.engine, step_id, now=now, actor=user), "予定の変更を取り消しました")
