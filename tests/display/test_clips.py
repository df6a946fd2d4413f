from __future__ import annotations

import math
import wave

import numpy as np
import pytest

from display import clips
from display.wavtools import SAMPLE_RATE, active_rms, read_wav

ALL = clips.all_clip_names()


def test_catalogue_has_the_pieces_the_brief_needs() -> None:
    ja = clips.ja_texts()
    assert {"otamase", "taihen_otamase", "uketsuke_bangou", "ban_no_kata", "kofu_madoguchi"} <= set(ja)
    assert {f"letter_{c}" for c in "ABCXYZ"} <= set(ja)
    assert {f"counter_{n}" for n in range(1, 31)} <= set(ja)
    assert {f"num_{n}" for n in [0, 1, 9, 10, 99, 100, 300, 600, 800, 900]} <= set(ja)
    assert "num_1000" not in ja and "num_150" not in ja  # compositional, not one file per number
    en = clips.en_texts()
    assert {"en_number", "en_come_to_counter", "en_letter_A", "en_num_12", "en_num_900"} <= set(en)


def test_every_clip_is_on_disk_and_joinable() -> None:
    wrong = []
    for name in ALL:
        path = clips.clip_path(name)
        if not path.is_file():
            wrong.append(f"missing {path}")
            continue
        with wave.open(str(path)) as w:
            fmt = (w.getnchannels(), w.getsampwidth(), w.getframerate())
            seconds = w.getnframes() / w.getframerate()
        if fmt != (1, 2, SAMPLE_RATE) or not 0.1 < seconds < 3.0:
            wrong.append(f"{name}: format {fmt}, {seconds:.2f} s")
    assert not wrong, "run python -m display.voicegen: " + "; ".join(wrong)


def test_voice_clips_are_trimmed_and_levelled() -> None:
    wrong = []
    for name in ALL:
        if name == clips.CHIME:
            continue
        samples, _ = read_wav(clips.clip_path(name))
        level = 20 * math.log10(active_rms(samples))
        edges = max(abs(samples[:10]).max(), abs(samples[-10:]).max())  # faded: no click at a join
        audible = np.nonzero(abs(samples) > 0.01)[0]  # trimmed: sound within 60 ms of both ends
        trimmed = audible[0] < 0.06 * SAMPLE_RATE and samples.size - audible[-1] < 0.06 * SAMPLE_RATE
        if not (-23.0 < level < -17.0 and edges < 0.05 and trimmed and abs(samples).max() < 0.95):
            wrong.append(f"{name}: {level:.1f} dBFS, edges {edges:.3f}, trimmed {trimmed}")
    assert not wrong, "; ".join(wrong)


def test_no_stray_wavs() -> None:
    on_disk = {p for sub in ("ja", "en") for p in (clips.VOICE_DIR / sub).glob("*.wav")}
    assert on_disk == {clips.clip_path(n) for n in ALL if n != clips.CHIME}


def test_committed_audio_stays_small() -> None:
    total = (
        sum(p.stat().st_size for p in clips.VOICE_DIR.rglob("*.wav"))
        + clips.clip_path("chime").stat().st_size
    )
    assert total < 15_000_000


@pytest.mark.parametrize(
    ("n", "kana"),
    [(0, "ゼロ"), (4, "ヨン"), (7, "ナナ"), (12, "ジューニ"), (19, "ジューキュー"), (40, "ヨンジュー"), (102, "ヒャクニ"),
     (300, "サンビャク"), (600, "ロッピャク"), (800, "ハッピャク"), (999, "キューヒャクキュージューキュー")],
)  # fmt: skip
def test_ja_reading(n: int, kana: str) -> None:
    assert clips.ja_reading(n) == kana


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (12, "twelve"),
        (40, "forty"),
        (45, "forty five"),
        (100, "one hundred"),
        (105, "one hundred five"),
    ],
)
def test_en_words(n: int, words: str) -> None:
    assert clips.en_words(n) == words


def test_number_clips() -> None:
    assert clips.number(12) == ["num_12"]
    assert clips.number(102) == ["num_100", "num_2"]
    assert clips.number(600) == ["num_600"]
    assert clips.number(0) == ["num_0"]
    assert clips.number(45, english=True) == ["en_num_45"]
    with pytest.raises(ValueError):
        clips.number(1000)


def test_clip_paths() -> None:
    assert clips.clip_path("chime") == clips.SOUNDS_DIR / "chime.wav"
    assert clips.clip_path("num_3") == clips.VOICE_DIR / "ja" / "num_3.wav"
    assert clips.clip_path("en_num_3") == clips.VOICE_DIR / "en" / "num_3.wav"


def test_japanese_readings_match_pyopenjtalk() -> None:
    pytest.importorskip("pyopenjtalk")
    from display.voicegen import check_ja_readings

    assert check_ja_readings(clips.ja_texts()) == []
