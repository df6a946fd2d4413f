"""Audio sinks: the one boundary between the announcement queue and a speaker.

A sink plays one WAV file and calls ``on_done(error)`` exactly once when it is over: ``None`` when it played to
the end, an error message when it could not play. The queue (``display.announcer``) never talks to
QtMultimedia directly, so tests replace only this.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QLoggingCategory, QObject, QTimer, QUrl

log = logging.getLogger(__name__)

OnDone = Callable[[str | None], None]


class Sink(Protocol):
    def play(self, wav_path: Path, on_done: OnDone) -> None:
        """Start playing ``wav_path``; call ``on_done(None)`` at its end or ``on_done(message)`` on failure."""
        ...


class NullSink:
    """Plays nothing and reports ``reason`` as the error (used when QtMultimedia cannot even be imported)."""

    def __init__(self, reason: str = "audio disabled") -> None:
        self.reason = reason

    def play(self, wav_path: Path, on_done: OnDone) -> None:
        QTimer.singleShot(0, lambda: on_done(self.reason))


class QtSink(QObject):
    """QMediaPlayer + QAudioOutput on the current default output device.

    With no output device (``QMediaDevices.audioOutputs()`` empty) QMediaPlayer would still "play" in real time
    into nothing, so play() reports the error at once instead and the queue moves on.
    """

    def __init__(self, parent: QObject | None = None, *, volume: float = 1.0) -> None:
        super().__init__(parent)
        if "QT_LOGGING_RULES" not in os.environ:  # QtMultimedia's backend probing is noise on a kiosk
            QLoggingCategory.setFilterRules("qt.multimedia.*=false")
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

        self._devices = QMediaDevices
        self._end, self._invalid = QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia
        self._no_error = QMediaPlayer.Error.NoError
        self._player = QMediaPlayer(self)
        self._output = QAudioOutput(self)
        self._output.setVolume(volume)
        self._player.setAudioOutput(self._output)
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.errorOccurred.connect(self._on_error)
        self._on_done: OnDone | None = None

    def play(self, wav_path: Path, on_done: OnDone) -> None:
        self._finish("interrupted by the next play")  # never happens with the queue; keeps the contract
        if not self._devices.audioOutputs():
            QTimer.singleShot(0, lambda: on_done("no audio output device"))
            return
        self._output.setDevice(self._devices.defaultAudioOutput())
        self._player.setSource(QUrl())
        self._on_done = on_done
        self._player.setSource(QUrl.fromLocalFile(str(wav_path)))
        self._player.play()

    def _on_status(self, status: object) -> None:
        if status == self._end:
            self._finish(None)
        elif status == self._invalid:
            self._finish(f"cannot play {self._player.source().toLocalFile()}")

    def _on_error(self, error: object, message: str) -> None:
        if error != self._no_error:
            self._finish(message or str(error))

    def _finish(self, error: str | None) -> None:
        callback, self._on_done = self._on_done, None
        if callback is not None:
            callback(error)


def default_sink(parent: QObject | None = None) -> Sink:
    """The real sink, or a NullSink if QtMultimedia is unusable (e.g. ``libpulse.so.0`` missing)."""
    try:
        return QtSink(parent)
    except ImportError as exc:
        return NullSink(f"QtMultimedia unavailable: {exc}")
