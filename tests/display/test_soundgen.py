from __future__ import annotations

import numpy as np

from display import clips
from display.soundgen import chime, main
from display.wavtools import SAMPLE_RATE, read_wav


def test_chime_is_soft_and_matches_the_committed_file() -> None:
    samples = chime()
    committed, rate = read_wav(clips.clip_path("chime"))
    assert rate == SAMPLE_RATE
    assert np.allclose(committed, samples, atol=2 / 32768)  # regenerating gives the committed file
    attack = int(0.002 * SAMPLE_RATE)
    assert np.abs(samples[:attack]).max() < 0.05  # soft attack, no click
    assert np.abs(samples[-attack:]).max() < 0.01  # decays to silence
    assert 0.2 < np.abs(samples).max() < 0.75


def test_chime_has_two_tones() -> None:
    samples = chime()

    def main_freq(a: float, b: float) -> float:
        part = samples[int(a * SAMPLE_RATE) : int(b * SAMPLE_RATE)]
        spectrum = np.abs(np.fft.rfft(part * np.hanning(part.size)))
        return float(np.argmax(spectrum) * SAMPLE_RATE / part.size)

    assert abs(main_freq(0.05, 0.40) - 659.3) < 5  # ピン E5
    assert abs(main_freq(0.60, 1.20) - 523.3) < 5  # ポーン C5


def test_main_writes_a_wav(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "c.wav"
    assert main(["--out", str(out)]) == 0
    assert read_wav(out)[1] == SAMPLE_RATE
