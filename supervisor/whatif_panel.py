"""The what-if tab: up to three plans as short texts, run forward from the office now: the fast model's
replications corrected by the real engine's on the same random inputs (shared/sim/whatif_combine: the engine in
in-memory copies of the office in worker processes, as many replications as fit in the time budget; the window
stays live meanwhile and shows 計算中 with the count so far; each plan says how many of each it took). After that
first answer the engine keeps running replications in the background, batch after batch on the same workers, each
merged into the forecasts and shown (「エンジン試行 N/300回」 per plan), until every plan has the set number; a
new forecast, applying a plan, editing a plan or closing the window stops them. "apply plan" stores the chosen
plan's counter changes (shared/plan_steps): those due now run at once, later ones at their time, listed here with
a cancel."""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shared.engine import QueueEngine
from shared.errors import MadoguchiError, worded
from shared.i18n.phrases import keep_phrases
from shared.plan_steps import Change as PlanChange
from shared.sim.engine_whatif import snapshot
from shared.sim.whatif import (
    DEFAULT_REPS,
    HISTORY_WEEKS,
    Change,
    Forecast,
    Plan,
    Spread,
    Start,
    capture,
    parse_plan,
    resolve,
    unstaffed,
    with_common,
)
from shared.sim.whatif_combine import BATCH_SEEDS, LiveRun, progressive_forecasts
from shared.sim.whatif_pool import BUDGET_S, MAX_REPS, warm_up
from shared.storage.plan_store import PlanStep
from shared.timeutil import from_ts

PRESETS = ("", "+2 MOVE @now", "close 5 @12:00")
KIND_WORDS = {"open": "開局", "serve": "業務変更", "close": "閉局", "pause": "休止", "resume": "再開"}
STATE_WORDS = {"pending": "予定", "done": "実行済み", "failed": "失敗", "cancelled": "取消済み"}
STEP_HEADERS = ["時刻", "変更", "状態", "実行者", "結果"]
NO_COUNTER = "担当窓口なし"
NO_COUNTER_TIP = "この業務を受け持つ窓口が閉庁まで開いていません（休止・閉局）。計画で開局・再開・業務変更すると予測できます。"


def paired_words(engine_reps: int, fast_reps: int) -> str:
    """How a paired forecast was made, e.g. 「エンジン12回＋高速300回で補正」."""
    if not fast_reps:
        return f"エンジン{engine_reps}回"
    return f"エンジン{engine_reps}回＋高速{fast_reps}回で補正"


def clock_text(ts: float, start: float, bound: bool = False) -> str:
    """A time of day; inf: 「本日中は無理」; the start: 「いま目標内」 (``bound``, an end of a range: 「閉庁後」 and
    「いま」, shorter in a table cell)."""
    if math.isinf(ts):
        return "閉庁後" if bound else "本日中は無理"
    if ts <= start + 1:
        return "いま" if bound else "いま目標内"
    return from_ts(ts).strftime("%H:%M")


def _m(x: float) -> str:
    return "—" if math.isinf(x) else f"{x / 60:.0f}"


def minutes(s: Spread, unit: str = "分") -> str:
    """e.g. 「83分（60〜177）」; the table says the unit once in its header (``unit=""``)."""
    if s.low == s.high:
        return f"{_m(s.mid)}{unit}"
    return f"{_m(s.mid)}{unit}（{_m(s.low)}〜{_m(s.high)}）"


def people(s: Spread, unit: str = "人") -> str:
    if s.low == s.high:
        return f"{s.mid:.0f}{unit}"
    return f"{s.mid:.0f}{unit}（{s.low:.0f}〜{s.high:.0f}）"


def under(s: Spread, start: float) -> str:
    mid = clock_text(s.mid, start)
    if s.low == s.high:
        return mid
    return f"{mid}（{clock_text(s.low, start, True)}〜{clock_text(s.high, start, True)}）"


# the units are in the headers, not in every cell: nine columns of 「分」「人」 pushed the table past 1366 px
METRICS = ("目標内に戻る", "今後のP90（分）", "閉庁時に待つ人")
FEW_REPS = 20  # fewer replications per plan than this: the interval is only a rough guide


class _Bridge(QObject):
    """Carries the forecast thread's news to the GUI thread (queued signals), each with the number of the
    forecast it belongs to (news of a forecast since stopped is dropped). No bool arguments: see stack.md §3."""

    progress = Signal(int, int, int)  # forecast, seeds done on every plan, the target
    updated = Signal(int, object)  # forecast, LiveRun: the first answer, then each merged batch
    finished = Signal(int)  # forecast: the thread is done (every replication in, or stopped)
    failed = Signal(int, str)


class WhatIfPanel(QWidget):
    def __init__(
        self,
        engine: QueueEngine,
        clock: Callable[[], datetime],
        apply: Callable[[str, list[PlanChange]], None],
        cancel: Callable[[int], None],
        compact: bool = False,
    ) -> None:
        super().__init__()
        self.engine, self.clock, self._apply, self._cancel = engine, clock, apply, cancel
        self.compact = compact  # a 1366×768 screen: the how-to and the long notes go into tooltips
        self.start_ts = 0.0
        self.step_rows: list[PlanStep] = []
        self.actor: str | None = None
        self.results: list[Forecast] = []
        self.unstaffed: list[frozenset[str]] = []  # per plan: queues no open counter serves all day
        self.own: list[Plan] = []
        self.workers: int | None = None  # worker processes (None: one per core; 0: a thread here, for tests)
        self.fast_reps = DEFAULT_REPS  # the fast model's replications per plan, corrected by the engine's
        self.batch = BATCH_SEEDS  # seeds per background batch after the first answer
        self.engine_results: list[Forecast] = []  # the engine runs' own forecasts (beside the paired ones)
        self.busy = False  # the first answer is being computed
        self.refining = False  # after it, more engine replications run in the background
        self.run_no = 0  # the forecast in progress (its news carries this number)
        self.last_run: LiveRun | None = None
        self._target = 0
        self._stop = threading.Event()
        self._warmed = False
        self._bridge = _Bridge(self)
        self._pending: tuple[datetime, Start, list[Plan]] | None = None
        self._thread: threading.Thread | None = None
        self._bridge.progress.connect(self._progress)
        self._bridge.updated.connect(self._updated)
        self._bridge.finished.connect(self._finished)
        self._bridge.failed.connect(self._failed)
        box = QVBoxLayout(self)
        help_ = QLabel(
            "計画の書き方: +2 MOVE @10:30（住民異動に窓口を2つ追加）; close 5 @12:00（5番を閉局）; "
            "serve 4 MOVE,KOSEKI（4番の業務）; open 11 RES @now; pause 3 @12:00-13:00。空欄は現状のまま。"
        )
        help_.setWordWrap(True)
        box.addWidget(help_)
        help_.setVisible(not compact)
        grid = QGridLayout()
        grid.addWidget(QLabel("共通の予定"), 0, 0)
        self.common = QLineEdit()
        self.common.setAccessibleName("共通の予定")
        self.common.setPlaceholderText(
            "どの計画でも起きること（予測にだけ使い、実行はしません）: 例 pause 1 @11:30-12:15; pause 2 @12:15-13:00"
        )
        self.common.textEdited.connect(self._edited)
        self.common.setToolTip(help_.text())
        grid.addWidget(self.common, 0, 1, 1, 2 * len(PRESETS) - 1)
        self.plans: list[QLineEdit] = []
        for i, text in enumerate(PRESETS):
            # the plans side by side: three rows of fields left the result table too little height at 1366×768
            grid.addWidget(QLabel(f"計画{i + 1}"), 1, 2 * i)
            e = QLineEdit(text)
            e.setAccessibleName(f"計画{i + 1}")
            e.setPlaceholderText("現状のまま")
            e.setToolTip(help_.text())
            e.textEdited.connect(self._edited)
            self.plans.append(e)
            grid.addWidget(e, 1, 2 * i + 1)
            grid.setColumnStretch(2 * i + 1, 1)
        box.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(QLabel("エンジン試行回数"))
        self.reps = QSpinBox()
        self.reps.setRange(1, 2000)
        self.reps.setValue(MAX_REPS)
        self.reps.setAccessibleName("エンジン試行回数（各計画、最初の予測のあとも続けて計算）")
        row.addWidget(self.reps)
        row.addWidget(QLabel("計算時間（秒）"))
        self.budget = QDoubleSpinBox()
        self.budget.setRange(1.0, 300.0)
        self.budget.setDecimals(1)
        self.budget.setValue(BUDGET_S)
        self.budget.setAccessibleName("計算時間の上限（秒）")
        row.addWidget(self.budget)
        self.b_run = QPushButton("予測する（Ctrl+R）")
        self.b_run.clicked.connect(self.run)
        row.addWidget(self.b_run)
        row.addWidget(QLabel("実行する計画"))
        self.which = QComboBox()
        self.which.addItems([f"計画{i + 1}" for i in range(len(PRESETS))])
        row.addWidget(self.which)
        self.b_apply = QPushButton("計画を実行（Ctrl+Shift+A）")
        self.b_apply.clicked.connect(self.apply)
        row.addWidget(self.b_apply)
        row.addStretch(1)
        box.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.table = QTableWidget(0, 1 + len(PRESETS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setMinimumHeight(180)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        box.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        box.addWidget(self.message)
        srow = QHBoxLayout()
        steps_label = QLabel(
            keep_phrases("本日の予定の変更（時刻になると実行、再起動しても消えません）", "ja")
        )
        steps_label.setWordWrap(True)
        self.b_cancel_step = QPushButton("予定を取り消す（Ctrl+Shift+X）")
        self.b_cancel_step.setAccessibleName("予定を取り消す")
        self.b_cancel_step.clicked.connect(self.cancel_step)
        self.steps_table = QTableWidget(0, len(STEP_HEADERS))
        self.steps_table.setHorizontalHeaderLabels(STEP_HEADERS)
        self.steps_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.steps_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.steps_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps_table.verticalHeader().hide()
        self.steps_table.setAccessibleName("予定の変更")
        self.steps_table.setMaximumHeight(72 if compact else 92)
        if compact:  # the list with its title and button beside it: a row less under the forecast
            side = QVBoxLayout()
            side.addWidget(steps_label)
            side.addWidget(self.b_cancel_step)
            side.addStretch(1)
            srow.addWidget(self.steps_table, 3)
            srow.addLayout(side, 1)
            box.addLayout(srow)
        else:
            srow.addWidget(steps_label, 1)
            srow.addWidget(self.b_cancel_step)
            box.addLayout(srow)
            box.addWidget(self.steps_table)

    def _plans(self, start_ts: float) -> list[Plan]:
        cfg = self.engine.config
        return [parse_plan(e.text(), cfg, start_ts, f"計画{i + 1}") for i, e in enumerate(self.plans)]

    def _forecast_plans(self, own: list[Plan], start_ts: float) -> list[Plan]:
        """Each plan with the common schedule (e.g. the lunch rotation) added: forecast with it, apply without."""
        common = parse_plan(self.common.text(), self.engine.config, start_ts)
        return [with_common(p, common) for p in own]

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        """The first time the tab is shown, start the worker processes (so the first forecast does not wait)."""
        if not self._warmed and self.workers != 0:
            self._warmed = True
            threading.Thread(target=self._warm, name="whatif-warm", daemon=True).start()
        super().showEvent(event)  # type: ignore[arg-type]

    def _warm(self) -> None:
        with contextlib.suppress(Exception):  # the forecast itself will say what is wrong
            warm_up(self.workers or 0)

    def run(self) -> None:
        """Capture the office now and copy its database (here, in the GUI thread that owns the connection; a
        few milliseconds), then run every plan on the engine in a background thread; the first answer replaces
        the table when it is back, and each later batch of engine replications refreshes it. A forecast still
        refining is stopped first (its late news is dropped)."""
        if self.busy:
            return
        self.stop()
        now = self.clock()
        try:
            start = capture(self.engine, now)
            own = [resolve(p, start) for p in self._plans(start.ts)]
            plans = self._forecast_plans(own, start.ts)
            with snapshot(self.engine) as snap:
                pass  # the copy's bytes stay in ``snap``; the temp file goes
        except MadoguchiError as exc:
            self.message.setText("⚠ " + worded(exc))
            return
        self.busy = True
        self.run_no += 1
        self._stop = threading.Event()  # this forecast's own: a stopped one cannot be revived
        self.b_run.setEnabled(False)
        self.b_apply.setEnabled(False)
        reps, budget = self.reps.value(), self.budget.value()
        fast_reps = max(self.fast_reps, reps)  # every engine run has its paired fast run
        self._target = reps
        self.message.setText(f"計算中… {now:%H:%M} の状態から（最大{budget:.0f}秒）")
        self._pending = (now, start, own)
        config, workers, bridge, stop, no = (
            self.engine.config,
            self.workers,
            self._bridge,
            self._stop,
            self.run_no,
        )

        def send(signal: object, *args: object) -> None:
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile: nobody to tell
                signal.emit(*args)  # type: ignore[attr-defined]

        def work() -> None:
            try:
                progressive_forecasts(
                    snap,
                    config,
                    start,
                    plans,
                    reps=reps,
                    fast_reps=fast_reps,
                    budget_s=budget,
                    batch=self.batch,
                    workers=workers,
                    update=lambda run: send(bridge.updated, no, run),
                    progress=lambda d, n: send(bridge.progress, no, d, n),
                    cancelled=stop.is_set,
                )
            except MadoguchiError as exc:
                send(bridge.failed, no, worded(exc))
                return
            except Exception as exc:  # noqa: BLE001 - a worker process died: one line, never a traceback
                send(
                    bridge.failed,
                    no,
                    f"予測を計算できませんでした（{type(exc).__name__}）。もう一度お試しください",
                )
                return
            send(bridge.finished, no)

        self._thread = threading.Thread(target=work, name="whatif", daemon=True)
        self._thread.start()

    def _progress(self, no: int, done: int, most: int) -> None:
        if no != self.run_no:
            return
        if self.busy:
            self.message.setText(f"計算中… エンジン{done}回ずつ試行済み（上限{most}回）")

    def _failed(self, no: int, text: str) -> None:
        if no != self.run_no:
            return
        self._idle()
        self.refining = False
        self.message.setText("⚠ " + text)

    def _idle(self) -> None:
        self.busy = False
        self.b_run.setEnabled(True)
        self.b_apply.setEnabled(True)

    def _updated(self, no: int, run: LiveRun) -> None:
        """The first answer, or the forecasts with one more batch of engine replications merged in."""
        first = self.busy
        if (
            no != self.run_no
            or self._pending is None
            or not run.combined
            or (self._stop.is_set() and not first)
        ):
            return
        self._idle()
        now, start, own = self._pending
        self.last_run = run
        self.results, self.own = run.combined, own
        self.unstaffed = [unstaffed(start, r.plan) for r in run.combined]
        self.engine_results = run.engine.forecasts
        self.start_ts = start.ts
        self.refining = run.engine.reps < self._target and not self._stop.is_set()
        full = self._done_text(now, start, run)
        # broken between phrases only (WORD JOINERs: the text itself is plain(self.message.text()))
        self.message.setText(keep_phrases(self._brief_text(now, run) if self.compact else full, "ja"))
        self.message.setToolTip(full)
        self._show(start.ts)

    def _finished(self, no: int) -> None:
        if no != self.run_no:
            return
        if self.busy:  # stopped before the first answer
            self._idle()
        self.refining = False
        if self.results:
            self._show(self.start_ts)

    def _edited(self) -> None:
        """A plan or the common schedule was edited: the replications still running are for the old text."""
        if self.refining:
            self.stop()
            self.message.setText("計画が変わったため、追加の試行を止めました。「予測する」で計算し直します")

    @staticmethod
    def _brief_text(now: datetime, run: LiveRun) -> str:
        """The first words of :meth:`_done_text` (a small screen: the rest is the tooltip)."""
        n = run.engine.reps
        rough = "範囲はおおよその目安。" if n < FEW_REPS else ""
        return (
            f"✓ {now:%H:%M} の状態から {paired_words(n, run.fast_reps)}（各計画、{run.wall_s:.1f}秒）。"
            f"（）内は10〜90%の範囲。{rough}"
        )

    @staticmethod
    def _done_text(now: datetime, start: Start, run: LiveRun) -> str:
        pace = (
            f"直近の来庁ペースはいつもの{start.pace:.1f}倍（過去{HISTORY_WEEKS}週の同じ曜日と比べて）。"
            if start.pace is not None
            else "いつもの日の記録がまだないため、直近の来庁ペースが続くと見込みます。"
        )
        n = run.engine.reps
        rough = f"エンジンの試行が{FEW_REPS}回未満のため、範囲はおおよその目安です。" if n < FEW_REPS else ""
        return (
            f"✓ {now:%H:%M} の状態から {paired_words(n, run.fast_reps)}（各計画、{run.wall_s:.1f}秒）。"
            f"高速モデルの試行を、同じ来庁者での実際の呼出し規則（エンジン）の試行との差で補正しています。{rough}"
            f"{pace}（）内は10〜90%の範囲。昼休みなどは「共通の予定」に書くと見込みます。不在・途中退出は"
            "本日のこれまでの割合で見込みます。"
        )

    def wait_idle(self, timeout_s: float = 120.0, *, refined: bool = False) -> bool:
        """Process events until the first answer is back (``refined``: until the background replications are
        done too) (scripts: the screenshot)."""
        import time

        from PySide6.QtWidgets import QApplication

        end = time.monotonic() + timeout_s
        while (self.busy or (refined and self.refining)) and time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.02)
        QApplication.processEvents()
        return not self.busy

    def join(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` for the forecast thread to end (after :meth:`stop`); whether it has."""
        t = self._thread
        if t is not None:
            t.join(timeout_s)
        return t is None or not t.is_alive()

    def stop(self) -> None:
        """Stop the forecast in progress, first answer or background replications (a new forecast, a plan
        applied or edited, the window closing): the workers get no more of its replications and its late news
        is dropped."""
        self._stop.set()
        if self.refining:
            self.refining = False
            if self.results:
                self._show(self.start_ts)

    def _show(self, start_ts: float) -> None:
        names = {s.code: s.names["ja"] for s in self.engine.config.services}
        res = self.results
        self.table.setColumnCount(1 + len(METRICS) * len(res))
        self.table.setHorizontalHeaderLabels(
            ["業務"]
            + [
                # how each was made is said once in the message below (every plan gets the same seeds): nine
                # headers repeating it pushed the third plan off a 1920 px screen
                f"{r.plan.name}\n{m}"
                for r in res
                for m in METRICS
            ]
        )
        rows: list[list[str]] = [
            ["全体"] + [x for r in res for x in ("", minutes(r.p90_wait_s, ""), people(r.at_close, ""))]
        ]
        for q in [x.queue for x in res[0].queues]:
            label = names.get(q.split(":")[0], q) + ("（交付）" if q.endswith(":pickup") else "")
            cells = []
            for i, r in enumerate(res):
                f = next(x for x in r.queues if x.queue == q)
                if i < len(self.unstaffed) and q in self.unstaffed[i]:  # its waits only grow: say why
                    cells += [NO_COUNTER, "—", people(f.at_close, "")]
                    continue
                cells += [under(f.under_at, start_ts), minutes(f.p90_wait_s, ""), people(f.at_close, "")]
            rows.append([label, *cells])
        self.table.setRowCount(len(rows))
        for i, cells in enumerate(rows):
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                # the whole text, should a narrow window cut it short
                item.setToolTip(NO_COUNTER_TIP if text == NO_COUNTER else text)
                self.table.setItem(i, j, item)
        t = self.table
        t.ensurePolished()
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + (2 if self.compact else 6))
        self._fit_columns()
        # every row readable without scrolling: the layout gives the table their height
        t.setMinimumHeight(
            t.horizontalHeader().sizeHint().height()
            + sum(t.rowHeight(r) for r in range(t.rowCount()))
            + 2 * t.frameWidth()
        )
        own = self.own if len(self.own) == len(res) else [r.plan for r in res]
        common = "（共通の予定も見込み済み）" if self.common.text().strip() and not self.compact else ""
        self.summary.setText(
            "　".join(
                f"{p.name}: {describe(p, start_ts)}{self._so_far(r)}" for p, r in zip(own, res, strict=True)
            )
            + common
        )

    def _fit_columns(self) -> None:
        """Each column as wide as its text; should that be wider than the table (a long service name, a small
        screen), the service column gives way (its names cut short with …, whole in the tooltip), then every
        column evenly: the table never scrolls sideways."""
        t = self.table
        t.resizeColumnsToContents()
        n = t.columnCount()
        if not n:
            return
        bar = t.verticalScrollBar()
        room = t.width() - 2 * t.frameWidth() - (bar.sizeHint().width() if bar.isVisible() else 0)
        widths = [t.columnWidth(c) for c in range(n)]
        over = sum(widths) - room
        if over <= 0:
            return
        first = max(widths[0] - over, min(widths[0], 8 * t.fontMetrics().horizontalAdvance("業")))
        t.setColumnWidth(0, first)
        over -= widths[0] - first
        if over > 0:
            scale = (room - first) / max(sum(widths[1:]), 1)
            for c in range(1, n):
                t.setColumnWidth(c, int(widths[c] * scale))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.results:
            self._fit_columns()

    def _so_far(self, r: Forecast) -> str:
        """A plan's engine replications so far, e.g. 「（エンジン試行 120/300回、計算中）」."""
        if not self._target:
            return ""
        more = "、計算中" if self.refining else ""
        if self.compact:
            return f"（エンジン{r.engine_reps}/{self._target}回{more}）"
        return f"（エンジン試行 {r.engine_reps}/{self._target}回{more}）"

    def changes(self, plan: Plan) -> list[PlanChange]:
        """The plan's counter changes at their times of day (the "+N" ones already resolved to counters)."""
        return [
            PlanChange(self.start_ts + c.at_s, c.kind, c.counter, c.services)
            for c in plan.changes
            if c.counter is not None
        ]

    def apply(self) -> None:
        """Store the chosen plan's changes: those due now run at once, the later ones at their time (a
        restart loses none of them; they are listed below with a cancel)."""
        if self.busy:
            self.message.setText("⚠ 予測の計算中です。終わってから実行してください")
            return
        i = self.which.currentIndex()
        if not (0 <= i < len(self.results)):
            self.message.setText("⚠ 先に「予測する」を押してください")
            return
        plan = self.own[i]  # the plan's own changes, not the common schedule
        changes = self.changes(plan)
        if not changes:
            self.message.setText("⚠ この計画には窓口の変更がありません")
            return
        self.stop()  # the office is about to change: the replications still running are for the old state
        self._apply(f"{plan.name}: {plan.text}", changes)

    def show_steps(self, steps: list[PlanStep]) -> None:
        """Today's scheduled changes: pending first (with when they run), then what ran, failed or was
        cancelled, with who applied them."""
        order = {"pending": 0, "done": 1, "failed": 1, "cancelled": 1}
        self.step_rows = sorted(steps, key=lambda s: (order.get(s.state, 2), s.due_ts, s.id))
        keep = self.steps_table.currentRow()
        self.steps_table.setRowCount(len(self.step_rows))
        for r, st in enumerate(self.step_rows):
            cells = [
                from_ts(st.due_ts).strftime("%H:%M"),
                f"{st.counter}番 {KIND_WORDS.get(st.kind, st.kind)}"
                + (f"（{','.join(st.services)}）" if st.services else ""),
                STATE_WORDS.get(st.state, st.state)
                + (f" {from_ts(st.done_ts):%H:%M}" if st.done_ts and st.state != "pending" else ""),
                st.actor + (f" → 取消 {st.cancelled_by}" if st.cancelled_by else ""),
                st.result if st.result and st.state != "cancelled" else "",
            ]
            for c, text in enumerate(cells):
                self.steps_table.setItem(r, c, QTableWidgetItem(text))
        self.steps_table.resizeColumnsToContents()
        if self.step_rows:
            self.steps_table.selectRow(min(max(keep, 0), len(self.step_rows) - 1))
        self.b_cancel_step.setEnabled(any(s.state == "pending" for s in self.step_rows))

    def selected_step(self) -> PlanStep | None:
        r = self.steps_table.currentRow()
        if not (0 <= r < len(self.step_rows)):
            return None
        return self.step_rows[r]

    def cancel_step(self) -> None:
        st = self.selected_step()
        if st is None or st.state != "pending":
            self.message.setText("⚠ 取り消す予定（未実行）を選んでください")
            return
        self._cancel(st.id)


def describe_change(c: Change, start_ts: float) -> str:
    when = "いま" if c.at_s <= 60 else from_ts(start_ts + c.at_s).strftime("%H:%M")
    what = {
        "open": "開局",
        "serve": "業務変更",
        "close": "閉局",
        "pause": "休止",
        "resume": "再開",
        "add": "追加",
    }
    svc = f"（{','.join(c.services)}）" if c.services else ""
    return f"{when} {c.counter or c.count}番 {what.get(c.kind, c.kind)}{svc}"


def describe(plan: Plan, start_ts: float) -> str:
    if not plan.changes:
        return "現状のまま"
    return "、".join(describe_change(c, start_ts) for c in plan.changes)
