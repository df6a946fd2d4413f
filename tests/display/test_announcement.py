from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from display import clips
from display.announcement import (
    EN_GAP_MS,
    REPEAT_GAP_MS,
    TAIL_MS,
    Announcement,
    MissingClipError,
    clip_sequence,
    parse_ticket,
    pause_ms,
    render_announcement,
    split_sequence,
)
from display.wavtools import SAMPLE_RATE, duration


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("A012", ("A", 12)),
        ("a-012", ("A", 12)),
        ("Ａ０１２", ("A", 12)),
        ("338", ("", 338)),
        ("T7", ("T", 7)),
        ("AB100", ("AB", 100)),
    ],
)
def test_parse_ticket(number: str, expected: tuple[str, int]) -> None:
    assert parse_ticket(number) == expected


@pytest.mark.parametrize("bad", ["", "A", "12A", "A-", "番号"])
def test_parse_ticket_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="ticket number"):
        parse_ticket(bad)


def test_a012_counter_3() -> None:
    # 「お待たせいたしました。受付番号 エー じゅうに 番のかた、3番窓口へお越しください。」 — the 0 is not spoken
    assert clip_sequence("A012", 3, long_wait=False) == [
        "chime", "otamase", "uketsuke_bangou", "letter_A", "num_12", "ban_no_kata", "counter_3",
    ]  # fmt: skip


def test_b105_counter_12_long_wait() -> None:
    assert clip_sequence("B105", 12, long_wait=True) == [
        "chime", "taihen_otamase", "uketsuke_bangou", "letter_B", "num_100", "num_5", "ban_no_kata", "counter_12",
    ]  # fmt: skip


def test_c300_counter_30() -> None:
    # さんびゃく is one clip (rendaku), not さん + ひゃく
    assert clip_sequence("C300", 30, long_wait=False)[3:] == [
        "letter_C",
        "num_300",
        "ban_no_kata",
        "counter_30",
    ]


def test_plain_number_and_big_counter() -> None:
    # 338 with no prefix; 窓口 42 has no whole clip, so: よんじゅうに + 番窓口へお越しください。
    assert clip_sequence("338", 42, long_wait=False)[2:] == [
        "uketsuke_bangou", "num_300", "num_38", "ban_no_kata", "num_42", "ban_madoguchi",
    ]  # fmt: skip


def test_zero_and_round_numbers() -> None:
    assert clip_sequence("A000", 1, long_wait=False)[3:5] == ["letter_A", "num_0"]
    assert clip_sequence("A100", 1, long_wait=False)[3:5] == ["letter_A", "num_100"]
    assert clip_sequence("A010", 1, long_wait=False)[3:5] == ["letter_A", "num_10"]


def test_more_than_three_digits_reads_digit_by_digit() -> None:
    assert clip_sequence("1234", 1, long_wait=False)[3:7] == ["num_1", "num_2", "num_3", "num_4"]


def test_pickup_and_no_counter() -> None:
    assert clip_sequence("K007", 5, long_wait=False, pickup=True)[-1] == "kofu_madoguchi"
    assert clip_sequence("K007", None, long_wait=False)[-1] == "madoguchi"


def test_english_follows_japanese() -> None:
    seq = clip_sequence("A012", 3, long_wait=False, english=True)
    assert seq[:7] == clip_sequence("A012", 3, long_wait=False)
    assert seq[7:] == ["en_number", "en_letter_A", "en_num_12", "en_come_to_counter", "en_num_3"]
    assert clip_sequence("B105", None, long_wait=False, english=True)[-4:] == [
        "en_letter_B", "en_num_100", "en_num_5", "en_madoguchi",
    ]  # fmt: skip
    assert clip_sequence("B105", 2, long_wait=False, pickup=True, english=True)[-1] == "en_pickup"


def test_bad_counter() -> None:
    with pytest.raises(ValueError, match="counter"):
        clip_sequence("A1", 0, long_wait=False)


def test_announcement_dataclass_delegates() -> None:
    a = Announcement("A012", 3, long_wait=True, english=True, call_id=7)
    assert a.clips() == clip_sequence("A012", 3, long_wait=True, english=True)


SAMPLES = [
    ("A012", 3, {}),
    ("B105", 12, {"long_wait": True}),
    ("C300", 30, {"english": True}),
    ("999", 42, {"english": True}),
    ("K020", None, {"pickup": True, "english": True}),
    ("Z7", None, {}),
]


@pytest.mark.parametrize(("number", "counter", "kw"), SAMPLES)
def test_every_sequence_clip_is_on_disk(number: str, counter: int | None, kw: dict[str, bool]) -> None:
    seq = clip_sequence(number, counter, long_wait=kw.get("long_wait", False), pickup=kw.get("pickup", False),
                        english=kw.get("english", False))  # fmt: skip
    assert all(clips.clip_path(name).is_file() for name in seq)


def test_every_number_and_counter_resolves_to_existing_clips() -> None:
    for n in range(1000):
        for name in clip_sequence(f"A{n:03d}", n % 60 + 1, long_wait=False, english=True):
            assert clips.clip_path(name).is_file(), (n, name)


def _wav_info(data: bytes) -> tuple[int, int, int, float]:
    with wave.open(io.BytesIO(data)) as w:
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes() / w.getframerate()


def _expected_seconds(seq: list[str], repeat: int) -> float:
    head, ja, en = split_sequence(seq)

    def run(names: list[str]) -> float:
        return sum(duration(clips.clip_path(n)) for n in names) + sum(
            pause_ms(a, b) / 1000 for a, b in zip(names, names[1:], strict=False)
        )

    total = (
        run(head) + pause_ms(head[-1], ja[0]) / 1000 + repeat * run(ja) + (repeat - 1) * REPEAT_GAP_MS / 1000
    )
    if en:
        total += EN_GAP_MS / 1000 + run(en)
    return total + TAIL_MS / 1000


@pytest.mark.parametrize("repeat", [1, 2])
def test_render_is_one_valid_wav_as_long_as_its_parts(repeat: int) -> None:
    seq = clip_sequence("A012", 3, long_wait=False, english=True)
    data = render_announcement(seq, repeat=repeat)
    channels, width, rate, seconds = _wav_info(data)
    assert (channels, width, rate) == (1, 2, SAMPLE_RATE)
    assert seconds == pytest.approx(_expected_seconds(seq, repeat), abs=0.01)
    parts = sum(duration(clips.clip_path(n)) for n in seq)
    assert parts < seconds < parts + 5.0 * repeat  # pauses are short


def test_render_repeat_says_japanese_twice_english_once() -> None:
    seq = clip_sequence("A012", 3, long_wait=False, english=True)
    _, ja, en = split_sequence(seq)
    one = _wav_info(render_announcement(seq, repeat=1))[3]
    two = _wav_info(render_announcement(seq, repeat=2))[3]
    ja_len = sum(duration(clips.clip_path(n)) for n in ja)
    assert two - one == pytest.approx(ja_len + sum(pause_ms(a, b) for a, b in zip(ja, ja[1:], strict=False)) / 1000
                                      + REPEAT_GAP_MS / 1000, abs=0.01)  # fmt: skip


def test_missing_clip_is_named(tmp_path: Path) -> None:
    with pytest.raises(MissingClipError, match=r"num_12 .*num_12\.wav") as info:
        render_announcement(["chime", "num_12"], tmp_path, sounds_dir=clips.SOUNDS_DIR)
    assert isinstance(info.value, FileNotFoundError)
    assert "chime" not in str(info.value)


def test_wrong_sample_rate_is_rejected(tmp_path: Path) -> None:
    from display.wavtools import write_wav

    write_wav(tmp_path / "ja" / "num_1.wav", [0.0] * 100, rate=48000)
    with pytest.raises(ValueError, match="num_1.*48000 Hz"):
        render_announcement(["num_1"], tmp_path)


def test_english_must_be_last() -> None:
    with pytest.raises(ValueError, match="English clips must come last"):
        split_sequence(["chime", "en_number", "otamase"])
