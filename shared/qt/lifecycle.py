"""Quit a Qt app cleanly on SIGINT/SIGTERM (Ctrl-C, the demo supervisor) or Ctrl-Break on Windows."""

from __future__ import annotations

import signal
import sys

from PySide6.QtCore import QCoreApplication, QTimer


def quit_on_signals(app: QCoreApplication) -> QTimer:
    """Route termination signals to ``app.quit()``; the returned timer lets Python run its signal handlers."""

    def handler(signum: int, frame: object) -> None:
        app.quit()

    signals = [signal.SIGINT, signal.SIGTERM]
    if sys.platform == "win32":
        signals.append(signal.SIGBREAK)  # type: ignore[attr-defined]
    for s in signals:
        signal.signal(s, handler)
    timer = QTimer(app)
    timer.setInterval(200)
    timer.timeout.connect(lambda: None)  # wake the interpreter so pending signals are handled
    timer.start()
    return timer
