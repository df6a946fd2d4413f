"""Fixtures for the display tests: quiet QtMultimedia, and a tiny clip set for fast queue tests."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def tiny_voice(tmp_path: Path) -> tuple[Path, Path]:
    """(voice_dir, sounds_dir) holding a 20 ms tone for every clip name, so a render is short."""
    from display import clips
    from display.wavtools import SAMPLE_RATE, write_wav

    voice, sounds = tmp_path / "voice", tmp_path / "sounds"
    tone = 0.1 * np.sin(2 * np.pi * 440 * np.arange(int(0.02 * SAMPLE_RATE)) / SAMPLE_RATE)
    for name in clips.all_clip_names():
        write_wav(clips.clip_path(name, voice, sounds), tone)
    return voice, sounds
