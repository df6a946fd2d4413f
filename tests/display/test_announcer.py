from __future__ import annotations

import logging
import os
import subprocess
import sys
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from display.announcement import Announcement
from display.announcer import Announcer
from display.sinks import NullSink, OnDone

Voice = tuple[Path, Path]


class AsyncSink:
    """Finishes each play after ``ms`` on a QTimer, like a real player; records what it was asked to play."""

    def __init__(self, ms: int = 5, error: str | None = None) -> None:
        self.ms, self.error = ms, error
        self.played: list[float] = []  # seconds of each WAV, read while it "plays"
        self.active = 0
        self.max_active = 0

    def play(self, wav_path: Path, on_done: OnDone) -> None:
        with wave.open(str(wav_path)) as w:  # the file must exist and be complete while playing
            self.played.append(w.getnframes() / w.getframerate())
        self.active += 1
        self.max_active = max(self.max_active, self.active)

        def done() -> None:
            self.active -= 1
            on_done(self.error)

        QTimer.singleShot(self.ms, done)


class SyncSink(AsyncSink):
    """Calls on_done inside play(): the queue must not recurse or skip."""

    def play(self, wav_path: Path, on_done: OnDone) -> None:
        self.played.append(0.0)
        on_done(self.error)


class SilentSink(AsyncSink):
    """Never reports the end (a wedged audio backend)."""

    def play(self, wav_path: Path, on_done: OnDone) -> None:
        self.played.append(0.0)


def _collect(announcer: Announcer) -> list[Announcement]:
    out: list[Announcement] = []
    announcer.played.connect(out.append)
    return out


def _burst(n: int = 10) -> list[Announcement]:
    return [Announcement(f"A{i:03d}", i % 5 + 1, call_id=i) for i in range(1, n + 1)]


def _wait(qtbot, cond: Callable[[], bool], timeout: int = 5000) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(cond, timeout=timeout)


def test_burst_of_10_plays_10_in_order_one_at_a_time(qtbot, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    sink = AsyncSink(ms=20)
    ann = Announcer(sink, voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
    started: list[Announcement] = []
    ann.started.connect(started.append)
    played = _collect(ann)
    burst = _burst(10)
    for a in burst:
        ann.enqueue(a)
    assert ann.busy
    with qtbot.waitSignal(ann.idle, timeout=10_000):
        pass
    assert played == burst and started == burst
    assert len(sink.played) == 10 and sink.max_active == 1  # never overlapped, never cut off
    assert all(s > 1.0 for s in sink.played)  # each was a whole rendered announcement
    assert not ann.busy and ann.pending == 0


def test_burst_with_real_clips(qtbot) -> None:  # type: ignore[no-untyped-def]
    sink = AsyncSink(ms=1)
    ann = Announcer(sink)
    played = _collect(ann)
    burst = [
        Announcement("A012", 3),
        Announcement("B105", 12, long_wait=True, english=True),
        Announcement("C300", 30),
    ]
    for a in burst:
        ann.enqueue(a)
    _wait(qtbot, lambda: len(played) == 3)
    assert played == burst
    assert all(s > 10.0 for s in sink.played)  # chime + the call said twice


def test_enqueue_while_playing_keeps_order(qtbot, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    sink = AsyncSink(ms=30)
    ann = Announcer(sink, voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
    played = _collect(ann)
    first, later = _burst(6)[:3], _burst(6)[3:]
    for a in first:
        ann.enqueue(a)
    ann.started.connect(
        lambda a: later and a == first[1] and [ann.enqueue(x) for x in later] and later.clear()
    )
    expected = first + _burst(6)[3:]
    _wait(qtbot, lambda: len(played) == 6)
    assert played == expected and sink.max_active == 1


def test_recall_of_same_number_is_announced_again(qtbot, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    ann = Announcer(AsyncSink(), voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
    played = _collect(ann)
    call, recall = Announcement("A012", 3, call_id=1), Announcement("A012", 3, call_id=2)
    ann.enqueue(call)
    ann.enqueue(recall)
    _wait(qtbot, lambda: len(played) == 2)
    assert played == [call, recall]


def test_synchronous_sink_does_not_recurse(qtbot, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    sink = SyncSink()
    ann = Announcer(sink, voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
    played = _collect(ann)
    burst = _burst(50)
    for a in burst:
        ann.enqueue(a)
    _wait(qtbot, lambda: len(played) == 50)
    assert played == burst and len(sink.played) == 50


def test_mute_plays_nothing_but_still_advances(qtbot, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    sink = AsyncSink()
    ann = Announcer(sink, voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1], muted=True)
    played = _collect(ann)
    burst = _burst(5)
    for a in burst:
        ann.enqueue(a)
    _wait(qtbot, lambda: len(played) == 5)
    assert played == burst and sink.played == [] and ann.muted
    ann.set_muted(False)
    ann.enqueue(Announcement("B001", 1))
    _wait(qtbot, lambda: len(played) == 6)
    assert len(sink.played) == 1


def test_mute_does_not_cut_the_current_call(qtbot, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    sink = AsyncSink(ms=50)
    ann = Announcer(sink, voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
    played = _collect(ann)
    burst = _burst(3)
    for a in burst:
        ann.enqueue(a)
    ann.started.connect(lambda a: ann.set_muted(True))
    _wait(qtbot, lambda: len(played) == 3)
    assert played == burst and len(sink.played) == 1  # the one already playing finished; the rest were silent


def test_no_audio_device_logs_once_and_continues(qtbot, caplog, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    sink = AsyncSink(error="no audio output device")
    ann = Announcer(sink, voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
    played = _collect(ann)
    burst = _burst(10)
    with caplog.at_level(logging.INFO, logger="display.announcer"):
        for a in burst:
            ann.enqueue(a)
        _wait(qtbot, lambda: len(played) == 10)
    assert played == burst
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "no audio output device" in warnings[0].getMessage()


def test_audio_coming_back_is_noted_and_a_new_failure_logged_again(qtbot, caplog, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    sink = AsyncSink(error="no audio output device")
    ann = Announcer(sink, voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
    played = _collect(ann)
    with caplog.at_level(logging.INFO, logger="display.announcer"):
        ann.enqueue(Announcement("A001", 1))
        ann.enqueue(Announcement("A002", 1))
        _wait(qtbot, lambda: len(played) == 2)
        sink.error = None
        ann.enqueue(Announcement("A003", 1))
        _wait(qtbot, lambda: len(played) == 3)
    messages = [r.getMessage() for r in caplog.records]
    assert sum("continue silently" in m for m in messages) == 1
    assert any("audio output is back" in m for m in messages)


def test_null_sink_when_qtmultimedia_is_missing(qtbot, caplog, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    ann = Announcer(NullSink("QtMultimedia unavailable"), voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
    played = _collect(ann)
    with caplog.at_level(logging.WARNING, logger="display.announcer"):
        for a in _burst(3):
            ann.enqueue(a)
        _wait(qtbot, lambda: len(played) == 3)
    assert len(caplog.records) == 1


def test_wedged_sink_is_bypassed_by_the_watchdog(qtbot, caplog, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    sink = SilentSink()
    ann = Announcer(sink, voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1], repeat=1, watchdog_margin_ms=10)
    played = _collect(ann)
    with caplog.at_level(logging.WARNING, logger="display.announcer"):
        ann.enqueue(Announcement("A001", 1))
        ann.enqueue(Announcement("A002", 1))
        _wait(qtbot, lambda: len(played) == 2, timeout=10_000)
    assert len(sink.played) == 2
    assert len(caplog.records) == 1 and "did not finish in time" in caplog.records[0].getMessage()


def test_sink_exception_does_not_stop_the_queue(qtbot, caplog, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    class Broken:
        def play(self, wav_path: Path, on_done: OnDone) -> None:
            raise RuntimeError("driver exploded")

    ann = Announcer(Broken(), voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
    played = _collect(ann)
    with caplog.at_level(logging.WARNING, logger="display.announcer"):
        for a in _burst(3):
            ann.enqueue(a)
        _wait(qtbot, lambda: len(played) == 3)
    assert len(caplog.records) == 1 and "driver exploded" in caplog.records[0].getMessage()


def test_missing_clip_falls_back_to_the_chime(qtbot, caplog, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    voice_dir, sounds_dir = tiny_voice
    (voice_dir / "ja" / "num_12.wav").unlink()
    sink = AsyncSink()
    ann = Announcer(sink, voice_dir=voice_dir, sounds_dir=sounds_dir)
    played = _collect(ann)
    with caplog.at_level(logging.ERROR, logger="display.announcer"):
        ann.enqueue(Announcement("A012", 3))
        ann.enqueue(Announcement("A013", 3))
        _wait(qtbot, lambda: len(played) == 2)
    assert [a.number for a in played] == ["A012", "A013"]
    assert "num_12" in caplog.text and len(sink.played) == 2
    assert sink.played[0] < sink.played[1]  # the chime alone, then a full call


def test_temp_files_are_removed(qtbot, tiny_voice: Voice) -> None:  # type: ignore[no-untyped-def]
    ann = Announcer(AsyncSink(), voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
    played = _collect(ann)
    for a in _burst(3):
        ann.enqueue(a)
    _wait(qtbot, lambda: len(played) == 3)
    assert list(ann._tmp.glob("*.wav")) == []


NO_DEVICE = """
import logging, os, sys
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtMultimedia import QMediaDevices
from display.announcement import Announcement
from display.announcer import Announcer
app = QCoreApplication(sys.argv)
assert not QMediaDevices.audioOutputs(), "expected no audio output"
records = []
class Keep(logging.Handler):
    def emit(self, r):
        records.append(r.getMessage())
logging.getLogger("display.announcer").addHandler(Keep())
logging.getLogger("display.announcer").setLevel(logging.WARNING)
ann = Announcer(repeat=1)  # the default, real QtMultimedia sink
played = []
ann.played.connect(played.append)
burst = [Announcement(f"A{i:03d}", i, call_id=i) for i in (1, 2, 3)]
for a in burst:
    ann.enqueue(a)
def check():
    if len(played) == 3:
        app.exit(0 if played == burst and len(records) == 1 and "no audio output device" in records[0] else 3)
t = QTimer(); t.timeout.connect(check); t.start(20)
QTimer.singleShot(3000, lambda: app.exit(4))  # far less than the audio's length
sys.exit(app.exec())
"""


def test_qt_sink_without_audio_device() -> None:
    """The real sink with no output device (no sound server reachable): plays nothing, logs once, moves on."""
    pytest.importorskip("PySide6.QtMultimedia")
    env = dict(os.environ, PULSE_SERVER="unix:/nonexistent/pulse/native", QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(
        [sys.executable, "-c", NO_DEVICE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert r.returncode == 0, (r.returncode, r.stderr[-2000:])


REAL_DEVICE = """
import sys
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtMultimedia import QMediaDevices
app = QCoreApplication(sys.argv)
if not QMediaDevices.audioOutputs():
    sys.exit(77)  # no sound server here: skip
from display.clips import clip_path
from display.sinks import QtSink
results = []
sink = QtSink()  # keep a reference: a collected sink would take its player with it
sink.play(clip_path("chime"), results.append)
t = QTimer(); t.timeout.connect(lambda: app.exit(0 if results == [None] else 3) if results else None); t.start(20)
QTimer.singleShot(10_000, lambda: app.exit(4))
sys.exit(app.exec())
"""


def test_qt_sink_plays_to_the_end_on_a_real_device() -> None:
    """Runs where an output exists (e.g. CI with `pulseaudio -D`, whose null sink Qt sees as "Dummy Output")."""
    from tests.conftest import REAL_PULSE_ENV

    pytest.importorskip("PySide6.QtMultimedia")
    env = dict(REAL_PULSE_ENV, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(
        [sys.executable, "-c", REAL_DEVICE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    if r.returncode == 77:
        pytest.skip("no audio output device")
    assert r.returncode == 0, (r.returncode, r.stderr[-2000:])
