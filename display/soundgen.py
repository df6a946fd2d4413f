"""Synthesise the call chime (ピンポーン) and write ``shared/assets/sounds/chime.wav``.

Run ``python -m display.soundgen``. Deterministic: same numbers in, same bytes out.

The chime is two soft bell tones, E5 then C5 (a falling major third, the classic "pin-pon" door chime), each a
fundamental plus a few quickly-decaying partials, with a raised-cosine attack (no click) and an exponential
decay. It is written at the voice clips' format (22.05 kHz, 16-bit mono) so it can be joined to them.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from display.wavtools import SAMPLE_RATE, Samples, normalise_loudness, write_wav
from shared.paths import asset_path

DEFAULT_OUT = asset_path("sounds/chime.wav")


@dataclass(frozen=True)
class Tone:
    freq: float  # Hz
    start: float  # s
    decay: float  # s, time constant of the fundamental
    gain: float = 1.0


#: (harmonic ratio, relative amplitude, decay factor): a soft, vibraphone-like bell; upper partials die fast.
PARTIALS: tuple[tuple[float, float, float], ...] = (
    (1.0, 1.00, 1.00),
    (2.0, 0.22, 0.45),
    (3.0, 0.07, 0.30),
    (4.0, 0.10, 0.20),
)

PIN_PON: tuple[Tone, ...] = (
    Tone(659.26, 0.00, 0.42, 1.0),  # E5 "ピン"
    Tone(523.25, 0.45, 0.85, 0.95),  # C5 "ポーン"
)


def bell(tone: Tone, length: float, rate: int = SAMPLE_RATE, attack: float = 0.012) -> Samples:
    """One struck tone over ``length`` seconds, silent before ``tone.start``."""
    t = np.arange(int(length * rate)) / rate - tone.start
    on = t >= 0
    tt = np.where(on, t, 0.0)
    out = np.zeros_like(tt)
    for ratio, amp, decay_factor in PARTIALS:
        out += amp * np.sin(2 * np.pi * tone.freq * ratio * tt) * np.exp(-tt / (tone.decay * decay_factor))
    ramp = np.where(tt < attack, 0.5 - 0.5 * np.cos(np.pi * np.clip(tt / attack, 0.0, 1.0)), 1.0)
    return (tone.gain * out * ramp * on).astype(np.float32)


def chime(
    tones: tuple[Tone, ...] = PIN_PON, *, length: float = 2.2, rate: int = SAMPLE_RATE, release: float = 0.25
) -> Samples:
    """Mix the tones, fade the tail to silence, and normalise to the voice clips' loudness."""
    mix = sum((bell(t, length, rate) for t in tones), np.zeros(int(length * rate), dtype=np.float32))
    n_rel = int(release * rate)
    mix[-n_rel:] *= np.linspace(1.0, 0.0, n_rel, dtype=np.float32) ** 2
    return normalise_loudness(mix, rate, target_db=-20.0, peak_db=-3.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m display.soundgen", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output WAV (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    path = write_wav(args.out, chime())
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
