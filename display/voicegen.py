"""Pre-render the announcement voice clips into ``shared/assets/voice/{ja,en}/``, offline.

Run ``python -m display.voicegen`` (needs the ``voice`` extra, pyopenjtalk-plus, for Japanese, and the
``espeak-ng`` program for English). Every clip listed in ``display.clips`` is synthesised, its reading
verified (Japanese: pyopenjtalk's g2p must give the expected katakana, so 600 really is ロッピャク),
silence-trimmed, loudness-normalised and resampled to 22.05 kHz 16-bit mono, the format the chime and the
announcement renderer share. WAVs in the output folders that are no longer in the catalogue are removed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from display import clips
from display.wavtools import (
    SAMPLE_RATE,
    Samples,
    normalise_loudness,
    read_wav,
    resample,
    trim_silence,
    write_wav,
)

JA_SPEED = 0.92  # a little slower than conversational speech: halls echo
EN_VOICE = "en-us"
EN_WPM = 145  # espeak-ng default is 175
TARGET_DB = -20.0  # active-speech RMS, matches the chime


def finish(x: Samples, rate: int) -> Samples:
    """Resample to the common rate, cut silence, then level."""
    x = resample(x, rate, SAMPLE_RATE)
    x = trim_silence(x, SAMPLE_RATE, threshold_db=-42.0, pad_ms=20.0)
    return normalise_loudness(x, SAMPLE_RATE, target_db=TARGET_DB, peak_db=-1.0)


def _pyopenjtalk():  # type: ignore[no-untyped-def]
    try:
        import pyopenjtalk
    except ImportError:
        sys.exit("pyopenjtalk is not installed: pip install 'madoguchi[voice]' (pyopenjtalk-plus)")
    return pyopenjtalk


def check_ja_readings(texts: dict[str, str]) -> list[str]:
    """Compare pyopenjtalk's reading with the expected katakana; return one line per mismatch."""
    pyopenjtalk = _pyopenjtalk()
    expected = clips.ja_expected_kana()
    problems = []
    for name, text in texts.items():
        if name in expected:
            got = pyopenjtalk.g2p(text, kana=True)
            if got != expected[name]:
                problems.append(f"{name}: {text!r} reads {got}, expected {expected[name]}")
    return problems


def synth_ja(text: str, speed: float = JA_SPEED) -> Samples:
    wav, rate = _pyopenjtalk().tts(text, speed=speed)
    return finish((np.asarray(wav) / 32768.0).astype(np.float32), rate)


def synth_en(text: str, voice: str = EN_VOICE, wpm: int = EN_WPM) -> Samples:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "en.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(out), text], check=True)
        wav, rate = read_wav(out)
    return finish(wav, rate)


def render(
    texts: dict[str, str], synth: Callable[[str], Samples], out_dir: Path, only: Iterable[str] = ()
) -> int:
    """Write every clip of ``texts`` (or just ``only``) and prune stale WAVs; return bytes written."""
    wanted = set(only)
    total = 0
    for name, text in texts.items():
        if wanted and name not in wanted:
            continue
        path = clips.clip_path(name, out_dir)
        write_wav(path, synth(text))
        total += path.stat().st_size
    if not wanted:
        keep = {clips.clip_path(name, out_dir) for name in texts}
        folder = clips.clip_path(next(iter(texts)), out_dir).parent
        for stale in sorted(set(folder.glob("*.wav")) - keep):
            print(f"removing stale {stale}")
            stale.unlink()
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m display.voicegen", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=clips.VOICE_DIR, help="voice folder (default shared/assets/voice)"
    )
    parser.add_argument("--lang", choices=["ja", "en", "all"], default="all")
    parser.add_argument("--only", nargs="*", default=[], metavar="NAME", help="render just these clip names")
    parser.add_argument("--check", action="store_true", help="only verify the Japanese readings")
    args = parser.parse_args(argv)

    if args.lang in ("ja", "all"):
        texts = clips.ja_texts()
        problems = check_ja_readings(texts)
        for line in problems:
            print(f"reading mismatch: {line}", file=sys.stderr)
        if problems:
            return 1
        print(f"ja: {len(texts)} readings verified")
        if not args.check:
            size = render(texts, synth_ja, args.out, args.only)
            print(f"ja: wrote {size / 1e6:.2f} MB")
    if args.lang in ("en", "all") and not args.check:
        size = render(clips.en_texts(), synth_en, args.out, args.only)
        print(f"en: wrote {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
