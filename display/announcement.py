"""What a call says, and the one WAV that says it. Qt-free.

``clip_sequence`` turns a ticket number and a 窓口 into clip names (see ``display.clips`` for the scheme);
``render_announcement`` joins those clips, with natural pauses, into one WAV that a player plays start to end:
chime once, the Japanese call ``repeat`` times, then the English call once.

    お待たせいたしました。受付番号 A12番のかた、3番窓口へお越しください。
    chime otamase uketsuke_bangou letter_A num_12 ban_no_kata counter_3

Try it: ``python -m display.announcement A012 --counter 3 --english -o /tmp/call.wav``.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from display import clips
from display.clips import CHIME, EN
from display.wavtools import SAMPLE_RATE, Samples, read_wav, silence, wav_bytes

REPEAT_GAP_MS = 900  # between the two Japanese calls
EN_GAP_MS = 900  # before the English call
TAIL_MS = 150  # trailing silence, so no player clips the last syllable

_TICKET = re.compile(r"([A-Z]*)([0-9]+)")


class MissingClipError(FileNotFoundError):
    """A clip named in a sequence has no WAV on disk."""


@dataclass(frozen=True)
class Announcement:
    """One call to announce. ``call_id`` (the call-log row) keeps a recall distinct from the first call."""

    number: str
    counter: int | None = None
    long_wait: bool = False
    pickup: bool = False
    english: bool = False
    call_id: int | None = None

    def clips(self) -> list[str]:
        return clip_sequence(
            self.number, self.counter, long_wait=self.long_wait, pickup=self.pickup, english=self.english
        )


def parse_ticket(number: str) -> tuple[str, int]:
    """``"A012"`` → ``("A", 12)``. Accepts lower case, full-width characters, spaces and hyphens (``"a-012"``)."""
    text = unicodedata.normalize("NFKC", number).upper().replace("-", "").replace(" ", "")
    match = _TICKET.fullmatch(text)
    if not match:
        raise ValueError(f"cannot announce ticket number {number!r}: expected letters then digits, like A012")
    return match.group(1), int(match.group(2))


def _number_clips(value: int, *, english: bool = False) -> list[str]:
    if value <= clips.MAX_NUMBER:
        return clips.number(value, english=english)
    # Longer than the 3 digits offices use: read digit by digit rather than fail the call.
    return [name for digit in str(value) for name in clips.number(int(digit), english=english)]


def clip_sequence(
    number: str, counter: int | None, *, long_wait: bool, pickup: bool = False, english: bool = False
) -> list[str]:
    """Clip names for one call, chime first; the English part, if any, is a trailing run of ``en_*`` clips.

    ``pickup`` says 「交付窓口へお越しください」 (the counter is not spoken); ``counter=None`` says 「窓口へ…」.
    """
    letters, value = parse_ticket(number)
    if counter is not None and counter < 1:
        raise ValueError(f"counter must be ≥ 1, got {counter}")
    seq = [CHIME, "taihen_otamase" if long_wait else "otamase", "uketsuke_bangou"]
    seq += [clips.letter(c) for c in letters]
    seq += _number_clips(value)
    seq.append("ban_no_kata")
    if pickup:
        seq.append("kofu_madoguchi")
    elif counter is None:
        seq.append("madoguchi")
    elif counter <= clips.MAX_WHOLE_COUNTER:
        seq.append(f"counter_{counter}")
    else:
        seq += [*_number_clips(counter), "ban_madoguchi"]
    if english:
        seq.append(f"{EN}number")
        seq += [clips.letter(c, english=True) for c in letters]
        seq += _number_clips(value, english=True)
        if pickup:
            seq.append(f"{EN}pickup")
        elif counter is None:
            seq.append(f"{EN}madoguchi")
        else:
            seq += [f"{EN}come_to_counter", *_number_clips(counter, english=True)]
    return seq


def pause_ms(prev: str, nxt: str) -> int:
    """Silence between two clips, chosen so the joined call sounds like one sentence."""
    p, n = prev.removeprefix(EN), nxt.removeprefix(EN)
    if prev == CHIME:
        return 250
    if p in ("otamase", "taihen_otamase"):
        return 350
    if p == "uketsuke_bangou":
        return 120
    if p.startswith("letter_"):
        return 30
    if p.startswith("num_"):
        # inside one number or straight into 番: no gap; after the English number a comma
        return 0 if n.startswith("num_") or not prev.startswith(EN) else 220
    if p == "ban_no_kata":
        return 200
    if p == "number":
        return 80
    if p == "come_to_counter":
        return 40
    return 100


def split_sequence(names: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """(leading chimes, Japanese body, English tail)."""
    names = list(names)
    i = 0
    while i < len(names) and names[i] == CHIME:
        i += 1
    j = i
    while j < len(names) and not names[j].startswith(EN):
        j += 1
    head, ja, en = names[:i], names[i:j], names[j:]
    if any(not name.startswith(EN) for name in en):
        raise ValueError(f"English clips must come last: {names}")
    return head, ja, en


def load_clips(
    names: Sequence[str], voice_dir: Path | None = None, sounds_dir: Path | None = None
) -> dict[str, Samples]:
    """Read each named clip once. Raises MissingClipError naming every clip that is absent."""
    paths = {name: clips.clip_path(name, voice_dir, sounds_dir) for name in dict.fromkeys(names)}
    missing = [f"{name} ({path})" for name, path in paths.items() if not path.is_file()]
    if missing:
        raise MissingClipError(
            "voice clip(s) not found: " + ", ".join(missing) + " — run python -m display.voicegen"
        )
    loaded = {}
    for name, path in paths.items():
        samples, rate = read_wav(path)
        if rate != SAMPLE_RATE:
            raise ValueError(f"clip {name} ({path}) is {rate} Hz; every clip must be {SAMPLE_RATE} Hz")
        loaded[name] = samples
    return loaded


def _join(names: Sequence[str], audio: dict[str, Samples]) -> list[Samples]:
    parts: list[Samples] = []
    for i, name in enumerate(names):
        parts.append(audio[name])
        if i + 1 < len(names):
            parts.append(silence(pause_ms(name, names[i + 1])))
    return parts


def render_samples(
    names: Sequence[str],
    voice_dir: Path | None = None,
    *,
    sounds_dir: Path | None = None,
    repeat: int = 2,
) -> Samples:
    """The joined announcement as float samples at SAMPLE_RATE (see render_announcement)."""
    if repeat < 1:
        raise ValueError(f"repeat must be ≥ 1, got {repeat}")
    audio = load_clips(names, voice_dir, sounds_dir)
    head, ja, en = split_sequence(names)
    parts: list[Samples] = []
    if head:
        parts += _join(head, audio)
        if ja or en:
            parts.append(silence(pause_ms(CHIME, (ja or en)[0])))
    for k in range(repeat if ja else 0):
        if k:
            parts.append(silence(REPEAT_GAP_MS))
        parts += _join(ja, audio)
    if en:
        if ja:
            parts.append(silence(EN_GAP_MS))
        parts += _join(en, audio)
    parts.append(silence(TAIL_MS))
    return np.concatenate(parts).astype(np.float32)


def render_announcement(
    names: Sequence[str],
    voice_dir: Path | None = None,
    *,
    sounds_dir: Path | None = None,
    repeat: int = 2,
) -> bytes:
    """Join clips into ONE 16-bit mono WAV (bytes): leading chime once, Japanese body ``repeat`` times with a
    pause between, English tail once. ``voice_dir`` defaults to shared/assets/voice, ``sounds_dir`` to shared/assets/sounds.
    Raises MissingClipError (a FileNotFoundError) naming any clip without a WAV."""
    return wav_bytes(render_samples(names, voice_dir, sounds_dir=sounds_dir, repeat=repeat), SAMPLE_RATE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m display.announcement", description="Render one call to a WAV."
    )
    parser.add_argument("number", help="ticket number, e.g. A012")
    parser.add_argument("--counter", type=int)
    parser.add_argument("--long-wait", action="store_true")
    parser.add_argument("--pickup", action="store_true")
    parser.add_argument("--english", action="store_true")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("-o", "--out", type=Path, default=Path("announcement.wav"))
    args = parser.parse_args(argv)
    names = clip_sequence(
        args.number, args.counter, long_wait=args.long_wait, pickup=args.pickup, english=args.english
    )
    args.out.write_bytes(render_announcement(names, repeat=args.repeat))
    print(" ".join(names))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
