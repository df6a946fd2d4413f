"""The words the clerk reads (no Qt): kiosk requests, accessibility instructions, durations, contrast."""

from __future__ import annotations

import pytest

from counter.app import restore_order
from counter.dialogs import normalise_number
from counter.style import PAIRS, contrast
from counter.texts import access_lines, duration, mm_ss, queue_name, request_lines
from shared.screen import parse_size


def test_certificates_are_named_with_copies(office_config):
    req = {"certificates": [{"code": "koseki_zenbu", "copies": 3}, {"code": "nozei"}]}
    assert request_lines(req, office_config, None) == ["戸籍全部事項証明（謄本） × 3通", "納税証明書 × 1通"]


def test_malformed_requests_are_shown_not_dropped(office_config):
    req = {
        "certificates": [{"code": "nope", "copies": "x"}, "inkan", 7],
        "note": "急ぎ",
        "documents": ["通帳", "印鑑"],
    }
    assert request_lines(req, office_config, None) == [
        "nope（設定にない証明書）（通数不明）",
        "印鑑登録証明書 × 1通",
        "7（設定にない証明書） × 1通",
        "メモ: 急ぎ",
        "持参書類: 通帳、印鑑",
    ]
    assert request_lines(None, office_config, None) == []
    assert request_lines("garbage", office_config, None) == []


def test_bundle_answers_read_as_the_kiosk_questions(office_config):
    lines = request_lines({"answers": {"1": True, "3": False}}, office_config, "move_out")
    assert lines == ["国民健康保険に加入していますか？ → はい", "児童手当を受けていますか？ → 未回答"]
    assert request_lines({"answers": {"2": True}}, office_config, "gone") == ["質問2: はい"]


def test_an_unsure_phone_answer_asks_the_clerk_to_check(office_config):
    lines = request_lines({"answers": {"1": "unsure", "3": False}}, office_config, "move_out")
    assert lines[0] == "国民健康保険に加入していますか？ → わからない（要確認）"
    assert lines[1].endswith("→ 未回答")


def test_access_flags_carry_an_instruction():
    lines = access_lines(("hearing", "wheelchair", "guide_dog"))
    assert lines[0] == "聴覚: お席までお迎えに行ってください（呼出音が聞こえません。筆談ボードを用意）"
    assert lines[1].startswith("車いす: ")
    assert lines[2] == "guide_dog: 配慮が必要です。ご本人に確認してください"  # unknown codes are kept


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "—"),
        (-5, "1分未満"),
        (59, "1分未満"),
        (60, "1分"),
        (3599, "59分"),
        (3600, "1時間00分"),
        (4500, "1時間15分"),
    ],
)
def test_duration(seconds, text):
    assert duration(seconds) == text


def test_mm_ss_and_queue_names(office_config):
    assert mm_ss(370.4) == "6分10秒" and mm_ss(None) == "—"
    assert queue_name(office_config, "MYNA:pickup") == "マイナンバーカード（交付）"
    assert queue_name(office_config, "XYZ") == "XYZ"


def test_typed_numbers_are_normalised():
    assert normalise_number(" ａ０１２ ") == "A012"


def test_every_colour_pair_has_contrast_7_to_1():
    low = [(name, round(contrast(fg, bg), 2)) for name, fg, bg in PAIRS if contrast(fg, bg) < 7.0]
    assert not low
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0


def test_cli_argument_order_is_restored():
    # shared/cli.py passes `rest + unknown`, i.e. values before their options
    real = ["/x/madoguchi", "--db", "o.db", "counter", "--counter", "3", "--screenshot", "s.png"]
    assert restore_order(["3", "s.png", "--counter", "--screenshot"], real) == real[4:]
    assert restore_order(["--counter", "3"], ["prog", "--counter", "3"]) == ["--counter", "3"]
    assert restore_order(["--clerk", "x"], ["prog", "counter", "--clerk", "y"]) == ["--clerk", "x"]
    assert parse_size("1080x1920") == (1080, 1920)
    with pytest.raises(Exception, match="1920x1080"):
        parse_size("big")
