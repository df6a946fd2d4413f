"""``madoguchi bench display``: call → screen latency, and memory/CPU over a long day.

    madoguchi bench display [--calls 500] [--interval-ms 40] [--day-calls 5000] [--day-interval-ms 12]
                            [--idle-s 10] [--size 1920x1080] [--config PATH] [--db postgresql://…] [--json]

1. Latency: another process (``display.bench_driver``) commits ``--calls`` calls; for each, the time from its
   commit to the end of the repaint that put it on screen (p50 / p99 / max). Goal: p99 ≤ 100 ms. With a
   server URL it is measured on SQLite (data_version poll) and on PostgreSQL (LISTEN/NOTIFY) in the same run.
2. A 5,000-call day: the same driver, paced; the display's RSS is sampled every tenth of the day. Goal: growth
   ≤ 5% from the warmed-up sample (after the first tenth; every label language shown once before) to the end.
3. Idle: no commits for ``--idle-s``; process CPU time / wall time in five slices (median and max), with the
   ticker on one page, then with a long notice turning pages. Goal: ≤ 1% of one core (the median).

The display is the real window (offscreen platform), main profile, sound on; with no audio device the
announcements are rendered and then dropped by the sink, as on a PC without speakers.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from shared.percentile import percentile

ROOT = Path(__file__).resolve().parent.parent


def rss_kb(field: str = "VmRSS") -> int:
    """Resident memory in KiB: VmRSS (all), RssAnon (heap and other private memory), RssFile (mapped files)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Bench:
    def __init__(self, args: argparse.Namespace, db: str | None = None) -> None:
        from PySide6.QtWidgets import QApplication

        from display.bench_driver import bench_config, prepare
        from display.window import DisplayWindow
        from shared.office import open_office

        self.args = args
        self.app = QApplication.instance() or QApplication(["madoguchi-bench-display"])
        self.tmp = tempfile.TemporaryDirectory(prefix="madoguchi-bench-display-")
        self.db = db or str(Path(self.tmp.name) / "bench.db")  # a SQLite file, or a scratch server database
        self.config = bench_config(args.config)
        prepare(self.db, self.config)
        self.engine = open_office(self.db, self.config)
        self.window = DisplayWindow(self.engine, self.config.display("main"), db_path=self.db)
        self.window.resize(*args.size)
        self.window.show()
        self.shown: dict[int, float] = {}  # call id -> when the refresh that showed it had repainted
        self.record = True
        self.calls_seen = 0
        self.window.new_calls.connect(self._on_calls)
        self.started = time.monotonic()
        self.spin(0.5)

    def _on_calls(self, calls: list[Any]) -> None:
        # new_calls is emitted after the synchronous repaint of the 呼出中 panel that shows these calls
        self.calls_seen += len(calls)
        if self.record:
            t = time.monotonic()
            for c in calls:
                self.shown.setdefault(c.id, t)

    def spin(self, seconds: float) -> None:
        """Run the real Qt event loop for ``seconds`` (it sleeps until Qt has something to do)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    def run_until(self, done: Any, check_ms: int = 20) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: loop.quit() if done() else None)
        timer.start(check_ms)
        loop.exec()
        timer.stop()

    def run_driver(self, calls: int, interval_ms: float, on_progress: Any = None) -> list[tuple[int, float]]:
        out = Path(self.tmp.name) / f"driver-{calls}-{interval_ms}.txt"
        cmd = [
            sys.executable,
            "-m",
            "display.bench_driver",
            self.db,
            "--calls",
            str(calls),
            "--interval-ms",
            str(interval_ms),
        ]
        if self.args.config:
            cmd += ["--config", self.args.config]
        with open(out, "w", encoding="ascii") as f:
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=f, stderr=subprocess.PIPE, text=True)

            def finished() -> bool:
                if on_progress is not None:
                    on_progress()
                return proc.poll() is not None

            self.run_until(finished)
        if proc.returncode != 0:
            raise RuntimeError(f"bench driver failed: {proc.stderr.read() if proc.stderr else ''}")
        self.spin(0.5)  # let the last calls reach the screen
        rows = []
        for line in out.read_text(encoding="ascii").splitlines():
            cid, t = line.split()
            rows.append((int(cid), float(t)))
        return rows

    def latency(self) -> dict[str, Any]:
        rows = self.run_driver(self.args.calls, self.args.interval_ms)
        lat = [(self.shown[cid] - t) * 1000 for cid, t in rows if cid in self.shown]
        return {
            "calls": len(rows),
            "shown": len(lat),
            "p50_ms": round(percentile(lat, 50), 1),
            "p99_ms": round(percentile(lat, 99), 1),
            "max_ms": round(max(lat), 1) if lat else None,
            "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
        }

    def day(self) -> dict[str, Any]:
        samples: list[tuple[int, int, int]] = []  # (calls, VmRSS, RssAnon)
        start_seen = self.calls_seen
        self.record = False  # measure the display, not the bench's own records
        self.shown.clear()
        every = max(1, self.args.day_calls // 10)

        def sample() -> None:
            done = self.calls_seen - start_seen
            if done >= every * len(samples) and len(samples) <= 10:
                gc.collect()
                samples.append((done, rss_kb(), rss_kb("RssAnon")))

        sample()
        self.run_driver(self.args.day_calls, self.args.day_interval_ms, sample)
        self.wait_idle()
        gc.collect()
        samples.append((self.calls_seen - start_seen, rss_kb(), rss_kb("RssAnon")))
        warm = samples[1] if len(samples) > 2 else samples[0]
        start, end = samples[0], samples[-1]

        def growth(a: tuple[int, int, int], b: tuple[int, int, int], i: int) -> float:
            return round(100 * (b[i] - a[i]) / a[i], 2)

        return {
            "calls": end[0],
            "rss_start_mb": round(start[1] / 1024, 1),
            "rss_warm_mb": round(warm[1] / 1024, 1),
            "rss_end_mb": round(end[1] / 1024, 1),
            "warm_after_calls": warm[0],
            "growth_from_warm_pct": growth(warm, end, 1),
            "growth_from_start_pct": growth(start, end, 1),
            "anon_growth_from_warm_pct": growth(warm, end, 2),
            "samples_mb": [round(kb / 1024, 1) for _, kb, _ in samples],
        }

    def wait_idle(self) -> None:
        deadline = time.monotonic() + 600
        while self.window.announcer.busy and time.monotonic() < deadline:
            self.spin(0.2)
        self.spin(self.window.calling.flash_ms / 1000 + 0.6)  # the last flash is over

    def idle_cpu(self, slices: int = 5) -> tuple[float, float]:
        """(median, max) CPU % of one core over ``slices`` equal parts of ``--idle-s`` with nothing committed."""
        self.wait_idle()
        out = []
        for _ in range(slices):
            wall0, cpu0 = time.monotonic(), time.process_time()
            self.spin(self.args.idle_s / slices)
            out.append(100 * (time.process_time() - cpu0) / (time.monotonic() - wall0))
        return round(percentile(out, 50), 2), round(max(out), 2)

    def warm_up(self) -> None:
        """Until every label language has been on screen once (their glyphs are loaded by then)."""
        from display.window import DEFAULT_DWELL_S, DWELL_S

        cycle = sum(DWELL_S.get(lang, DEFAULT_DWELL_S) for lang in self.window.langs)
        left = cycle + 1 - (time.monotonic() - self.started)
        if left > 0:
            self.spin(left)

    def long_notice(self) -> None:
        from shared.timeutil import now_tokyo, to_ts

        text = "本日は大変混雑しています。お手続きによっては、お待ちいただく時間が長くなります。" * 3
        with self.engine.store.transaction():
            self.engine.store.add_notice(to_ts(now_tokyo()), {"ja": text, "en": text}, None)
        self.spin(1.0)

    def close(self) -> None:
        self.window.stop()
        self.window.close()
        self.engine.store.close()
        self.tmp.cleanup()


def main(argv: list[str]) -> int:
    from shared.screen import parse_size

    p = argparse.ArgumentParser(prog="madoguchi bench display", description=__doc__.split("\n")[0])
    p.add_argument("--calls", type=int, default=500)
    p.add_argument("--interval-ms", type=float, default=40.0)
    p.add_argument("--day-calls", type=int, default=5000)
    p.add_argument("--day-interval-ms", type=float, default=12.0)
    p.add_argument("--idle-s", type=float, default=10.0)
    p.add_argument("--size", type=parse_size, default=(1920, 1080))
    p.add_argument("--config")
    p.add_argument(
        "--db",
        help="a postgresql:// URL: measure call → repaint on SQLite and on that server in one run (a scratch "
        "database is created and dropped there; the role needs CREATEDB). Default: $MADOGUCHI_DB if a URL",
    )
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    # Measure the display, not the speakers: a 5,000-call day announced aloud would take 14 hours. With no
    # reachable sound server the announcements are still rendered, then dropped by the sink.
    os.environ["PULSE_SERVER"] = "unix:/nonexistent/madoguchi-bench"
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(name)s %(levelname)s %(message)s")
    from shared.storage.target import parse_target
    from shared.tools.bench_core import Scratch

    target = parse_target(args.db) if args.db or os.environ.get("MADOGUCHI_DB") else None
    pg_url = target.url if target is not None and target.is_pg else None
    result: dict[str, Any] = {"platform": os.environ.get("QT_QPA_PLATFORM"), "size": list(args.size)}
    t0 = time.monotonic()
    result["latency"] = {}
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-display-") as work:
        scratch = Scratch(Path(work), pg_url) if pg_url else None
        try:
            if scratch is not None:  # PostgreSQL first: the watcher LISTENs, no polling loop
                bench = Bench(args, scratch.db("display"))
                try:
                    result["latency"]["PostgreSQL"] = bench.latency()
                    result["idle_cpu_pct_pg"] = bench.idle_cpu()
                finally:
                    bench.close()
        finally:
            if scratch is not None:
                scratch.close()
    bench = Bench(args)
    try:
        result["latency"]["SQLite"] = bench.latency()
        bench.warm_up()
        result["day"] = bench.day()
        result["idle_cpu_pct"] = {"one_page": bench.idle_cpu()}
        bench.long_notice()
        assert bench.window.ticker.turning
        result["idle_cpu_pct"]["pages_turning"] = bench.idle_cpu()
        result["seconds"] = round(time.monotonic() - t0, 1)
    finally:
        bench.close()
    day, idle = result["day"], result["idle_cpu_pct"]
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    ok = lambda good: "ok" if good else "OVER"  # noqa: E731
    print(f"display bench ({result['platform']}, {args.size[0]}x{args.size[1]}, {result['seconds']} s)")
    for label in ("SQLite", "PostgreSQL"):
        lat = result["latency"].get(label)
        if lat is None:
            continue
        how = "data_version poll 50 ms" if label == "SQLite" else f"LISTEN/NOTIFY, {target}"
        print(
            f"  call commit → repaint on {label} ({how}): {lat['shown']}/{lat['calls']} calls  p50 "
            f"{lat['p50_ms']} ms  p99 {lat['p99_ms']} ms  max {lat['max_ms']} ms   "
            f"[goal p99 ≤ 100 ms: {ok(lat['p99_ms'] <= 100)}]"
        )
    if "idle_cpu_pct_pg" in result:
        pg_idle = result["idle_cpu_pct_pg"]
        print(f"  idle CPU on PostgreSQL (median / max of 5 slices): {pg_idle[0]} / {pg_idle[1]}% of a core")
    else:
        print("  (PostgreSQL not measured: give --db postgresql://… or a server URL in $MADOGUCHI_DB)")
    print(
        f"  {day['calls']}-call day: RSS {day['rss_start_mb']} → {day['rss_warm_mb']} (after "
        f"{day['warm_after_calls']} calls) → {day['rss_end_mb']} MB: growth {day['growth_from_warm_pct']}% "
        f"(anonymous memory {day['anon_growth_from_warm_pct']}%; {day['growth_from_start_pct']}% from the "
        f"first call)   [goal ≤ 5%: {ok(day['growth_from_warm_pct'] <= 5)}]"
    )
    print(f"    RSS samples (MB): {' '.join(str(x) for x in day['samples_mb'])}")
    still, turning = idle["one_page"], idle["pages_turning"]
    print(
        f"  idle CPU (median / max of 5 slices): {still[0]} / {still[1]}% of a core with one notice page, "
        f"{turning[0]} / {turning[1]}% with a long notice turning pages   "
        f"[goal ≤ 1%: {ok(max(still[0], turning[0]) <= 1)}]"
    )
    return 0
