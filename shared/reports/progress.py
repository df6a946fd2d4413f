"""A text progress bar on stderr for long runs (rebuilding months of facts). Silent on short runs."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Call with (done, total, label). Draws only once ``delay`` seconds have passed, so quick runs stay quiet."""

    def __init__(
        self,
        what: str,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        delay: float = 0.5,
        width: int = 30,
    ) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.what, self.delay, self.width = what, delay, width
        self.t0 = time.monotonic()
        self.drawn = False

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        if not self.drawn and time.monotonic() - self.t0 < self.delay and done < total:
            return
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.what} [{bar}] {100 * done // total:3d}% {done}/{total} {label}   ")
        self.drawn = True
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
