"""The voice clip catalogue: clip names, what each one says, and where its WAV lives. Qt-free.

One source of truth for both sides: ``display.voicegen`` renders every clip listed here, and
``display.announcement`` only ever asks for names built by the functions below.

Naming scheme (a name is also the file stem):

=====================  ================================================  ==========================
name                   says                                              file
=====================  ================================================  ==========================
``chime``              ピンポーン                                         shared/assets/sounds/chime.wav
``otamase``            お待たせいたしました。                             shared/assets/voice/ja/otamase.wav
``taihen_otamase``     大変お待たせいたしました。                         …/ja/taihen_otamase.wav
``uketsuke_bangou``    受付番号                                           …/ja/uketsuke_bangou.wav
``letter_A`` … ``_Z``  エー … ゼット                                      …/ja/letter_A.wav
``num_0`` … ``_99``    ゼロ, いち … きゅうじゅうきゅう (whole words)      …/ja/num_12.wav
``num_100`` … ``_900`` ひゃく, にひゃく, さんびゃく … (whole words)        …/ja/num_300.wav
``ban_no_kata``        番のかた、                                         …/ja/ban_no_kata.wav
``counter_1`` … ``_30`` N番窓口へお越しください。                         …/ja/counter_3.wav
``ban_madoguchi``      番窓口へお越しください。 (窓口 > 30: num_* first)   …/ja/ban_madoguchi.wav
``kofu_madoguchi``     交付窓口へお越しください。                         …/ja/kofu_madoguchi.wav
``madoguchi``          窓口へお越しください。 (no counter given)          …/ja/madoguchi.wav
``en_*``               the English set, same scheme with ``en_`` prefix   shared/assets/voice/en/<name>.wav
=====================  ================================================  ==========================

Numbers are the integer (leading zeros are not spoken: A012 → エー じゅうに). 1–99 are whole words because
joining separately rendered じゅう + に sounds like two words; hundreds are whole words because of rendaku
(さんびゃく, ろっぴゃく, はっぴゃく). So every number 0–999 is at most two clips: ``num_300`` ``num_12``.
"""

from __future__ import annotations

from pathlib import Path

from shared.paths import asset_path

VOICE_DIR = asset_path("voice")
SOUNDS_DIR = asset_path("sounds")

CHIME = "chime"
EN = "en_"  # prefix of every English clip name
MAX_NUMBER = 999
MAX_WHOLE_COUNTER = 30

# Japanese letter names, as katakana (pyopenjtalk reads a bare "A" oddly: normalise before g2p).
# fmt: off
LETTERS_JA: dict[str, str] = {
    "A": "エー", "B": "ビー", "C": "シー", "D": "ディー", "E": "イー", "F": "エフ", "G": "ジー",
    "H": "エイチ", "I": "アイ", "J": "ジェー", "K": "ケー", "L": "エル", "M": "エム", "N": "エヌ",
    "O": "オー", "P": "ピー", "Q": "キュー", "R": "アール", "S": "エス", "T": "ティー", "U": "ユー",
    "V": "ブイ", "W": "ダブリュー", "X": "エックス", "Y": "ワイ", "Z": "ゼット",
}

# Expected katakana readings (as pyopenjtalk's g2p spells them), used to verify what was rendered.
_UNITS = ["", "イチ", "ニ", "サン", "ヨン", "ゴ", "ロク", "ナナ", "ハチ", "キュー"]
_HUNDREDS = ["", "ヒャク", "ニヒャク", "サンビャク", "ヨンヒャク", "ゴヒャク",
             "ロッピャク", "ナナヒャク", "ハッピャク", "キューヒャク"]

_EN_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
# fmt: on


def ja_reading(n: int) -> str:
    """Katakana reading of 0–999 (e.g. 12 → ジューニ, 102 → ヒャクニ, 600 → ロッピャク)."""
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"{n} is outside 0–{MAX_NUMBER}")
    if n == 0:
        return "ゼロ"
    h, rest = divmod(n, 100)
    t, u = divmod(rest, 10)
    tens = "" if t == 0 else ("ジュー" if t == 1 else _UNITS[t] + "ジュー")
    return _HUNDREDS[h] + tens + _UNITS[u]


def en_words(n: int) -> str:
    """English words for 0–999 (US style, no "and": 105 → "one hundred five")."""
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"{n} is outside 0–{MAX_NUMBER}")
    h, rest = divmod(n, 100)
    parts = [f"{_EN_ONES[h]} hundred"] if h else []
    t, u = divmod(rest, 10)
    if rest >= 20:
        parts.append(_EN_TENS[t] + (f" {_EN_ONES[u]}" if u else ""))
    elif rest or not h:
        parts.append(_EN_ONES[rest])
    return " ".join(parts)


# --- names -------------------------------------------------------------------------------------------------


def letter(ch: str, *, english: bool = False) -> str:
    if ch not in LETTERS_JA:
        raise ValueError(f"no clip for letter {ch!r} (only A–Z)")
    return f"{EN if english else ''}letter_{ch}"


def number(n: int, *, english: bool = False) -> list[str]:
    """Clips for the integer ``n``: at most a hundreds word then a 1–99 word (100 → [num_100])."""
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"{n} is outside 0–{MAX_NUMBER}")
    prefix = EN if english else ""
    h, rest = divmod(n, 100)
    names = [f"{prefix}num_{h * 100}"] if h else []
    if rest or not h:
        names.append(f"{prefix}num_{rest}")
    return names


def clip_path(name: str, voice_dir: Path | None = None, sounds_dir: Path | None = None) -> Path:
    """Where the WAV for clip ``name`` lives."""
    if name == CHIME:
        return (sounds_dir or SOUNDS_DIR) / f"{CHIME}.wav"
    voice = voice_dir or VOICE_DIR
    if name.startswith(EN):
        return voice / "en" / f"{name.removeprefix(EN)}.wav"
    return voice / "ja" / f"{name}.wav"


# --- catalogue: name → text to synthesise ------------------------------------------------------------------


def ja_texts() -> dict[str, str]:
    """Every Japanese clip and the text given to pyopenjtalk."""
    texts = {
        "otamase": "お待たせいたしました。",
        "taihen_otamase": "大変お待たせいたしました。",
        "uketsuke_bangou": "受付番号",
        "ban_no_kata": "番のかた、",  # かた in kana: pyopenjtalk reads 方 here as ほう
        "ban_madoguchi": "番窓口へお越しください。",
        "kofu_madoguchi": "交付窓口へお越しください。",
        "madoguchi": "窓口へお越しください。",
    }
    texts.update({letter(c): kana for c, kana in LETTERS_JA.items()})
    texts[letter("C")] = "しー"  # katakana シー is taken as the loanword "sea" and read スィー
    texts.update({f"num_{n}": str(n) for n in range(100)})
    texts.update({f"num_{h}": str(h) for h in range(100, 1000, 100)})
    texts.update({f"counter_{n}": f"{n}番窓口へお越しください。" for n in range(1, MAX_WHOLE_COUNTER + 1)})
    return texts


def ja_expected_kana() -> dict[str, str]:
    """What g2p must say for the clips whose reading is easy to get wrong (numbers, counters, letters, かた)."""
    expected = {f"num_{n}": ja_reading(n) for n in [*range(100), *range(100, 1000, 100)]}
    expected.update(
        {
            f"counter_{n}": f"{ja_reading(n)}バンマドグチエオコシクダサイ。"
            for n in range(1, MAX_WHOLE_COUNTER + 1)
        }
    )
    expected.update({letter(c): kana for c, kana in LETTERS_JA.items()})
    expected["ban_no_kata"] = "バンノカタ、"
    return expected


def en_texts() -> dict[str, str]:
    """Every English clip and the text given to espeak-ng."""
    texts = {
        f"{EN}number": "Number",
        f"{EN}come_to_counter": "please come to counter",
        f"{EN}pickup": "please come to the pickup counter.",
        f"{EN}madoguchi": "please come to the counter.",
    }
    # espeak-ng reads a lone "A" as the article; "A." and friends as letter names.
    texts.update({letter(c, english=True): f"{c}." for c in LETTERS_JA})
    texts.update({f"{EN}num_{n}": en_words(n) for n in [*range(100), *range(100, 1000, 100)]})
    return texts


def all_clip_names() -> list[str]:
    return [CHIME, *ja_texts(), *en_texts()]
