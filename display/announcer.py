"""The announcement queue: strictly one call at a time, FIFO, never cut off, never dropped.

Peers lost calls in bursts (a panel that read only ``messages[0]``) or talked over each other. Here every
``enqueue``d Announcement is rendered to ONE WAV and handed to the sink; the next one starts only after the sink
reports the end. Each item emits ``started`` then ``played`` exactly once, in enqueue order, also when muted,
when the clip set is broken, or when there is no audio device (then the queue runs silently and logs once).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import weakref
from collections import deque
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from display.announcement import Announcement, render_announcement
from display.clips import CHIME
from display.sinks import Sink, default_sink
from display.wavtools import SAMPLE_RATE, SAMPLE_WIDTH

log = logging.getLogger(__name__)

Renderer = Callable[[list[str]], bytes]


class Announcer(QObject):
    """Queue + player. ``played(announcement)`` fires once per item, in order; ``idle()`` when the queue drains.

    ``sink`` defaults to the QtMultimedia one. A watchdog (the WAV's length + ``watchdog_margin_ms``) moves on if a
    sink never reports the end. Muting applies from the next announcement; the one playing is never cut.
    """

    started = Signal(object)
    played = Signal(object)
    idle = Signal()

    def __init__(
        self,
        sink: Sink | None = None,
        *,
        voice_dir: Path | None = None,
        sounds_dir: Path | None = None,
        repeat: int = 2,
        muted: bool = False,
        watchdog_margin_ms: int = 5000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sink: Sink = sink if sink is not None else default_sink(self)
        self._render: Renderer = partial(
            render_announcement, voice_dir=voice_dir, sounds_dir=sounds_dir, repeat=repeat
        )
        self._muted = muted
        self._margin_ms = watchdog_margin_ms
        self._queue: deque[Announcement] = deque()
        self._current: Announcement | None = None
        self._current_file: Path | None = None
        self._token = 0  # bumps when an item ends; late callbacks for an old item are ignored
        self._scheduled = False
        self._audio_broken = False
        self._tmp = Path(tempfile.mkdtemp(prefix="madoguchi-announce-"))
        weakref.finalize(self, shutil.rmtree, self._tmp, True)
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_watchdog)

    # --- public ----------------------------------------------------------------------------------------------

    def enqueue(self, announcement: Announcement) -> None:
        self._queue.append(announcement)
        self._schedule()

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def pending(self) -> int:
        """Items waiting, not counting the one playing."""
        return len(self._queue)

    @property
    def busy(self) -> bool:
        return self._current is not None or bool(self._queue)

    # --- queue -----------------------------------------------------------------------------------------------

    def _schedule(self) -> None:
        # Always go through the event loop: no re-entrancy from enqueue() or from a synchronous sink.
        if not self._scheduled and self._current is None:
            self._scheduled = True
            QTimer.singleShot(0, self._next)

    def _next(self) -> None:
        self._scheduled = False
        if self._current is not None:
            return
        if not self._queue:
            self.idle.emit()
            return
        announcement = self._current = self._queue.popleft()
        token, muted = self._token, self._muted
        self.started.emit(announcement)
        if muted:
            QTimer.singleShot(0, partial(self._end, token))
            return
        wav = self._render_file(announcement)
        if wav is None:
            QTimer.singleShot(0, partial(self._end, token))
            return
        path, seconds = wav
        self._current_file = path
        self._watchdog.start(int(seconds * 1000) + self._margin_ms)
        try:
            self._sink.play(path, partial(self._on_sink_done, token))
        except Exception as exc:  # a sink bug must not stop the queue
            self._report_broken(f"{type(exc).__name__}: {exc}")
            QTimer.singleShot(0, partial(self._end, token))

    def _render_file(self, announcement: Announcement) -> tuple[Path, float] | None:
        """Render to a temp WAV; on a broken clip set, log it and fall back to the chime alone."""
        try:
            data = self._render(announcement.clips())
        except (OSError, ValueError) as exc:
            log.error("cannot render announcement for %s: %s", announcement.number, exc)
            try:
                data = self._render([CHIME])
            except (OSError, ValueError):
                return None
        path = self._tmp / f"call-{self._token}.wav"
        path.write_bytes(data)
        seconds = (len(data) - 44) / (SAMPLE_RATE * SAMPLE_WIDTH)
        return path, seconds

    def _on_sink_done(self, token: int, error: str | None) -> None:
        if token != self._token:
            return
        if error is not None:
            self._report_broken(error)
        elif self._audio_broken:
            self._audio_broken = False
            log.info("audio output is back; announcements are audible again")
        self._end(token)

    def _on_watchdog(self) -> None:
        if self._current is not None:
            self._report_broken("the audio sink did not finish in time")
            self._end(self._token)

    def _report_broken(self, reason: str) -> None:
        if not self._audio_broken:
            self._audio_broken = True
            log.warning("no sound (%s); announcements continue silently", reason)

    def _end(self, token: int) -> None:
        if token != self._token or self._current is None:
            return
        self._token += 1
        self._watchdog.stop()
        announcement, self._current = self._current, None
        if self._current_file is not None:
            self._current_file.unlink(missing_ok=True)
            self._current_file = None
        self.played.emit(announcement)
        self._schedule()
