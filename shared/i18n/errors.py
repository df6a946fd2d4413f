"""The engine's errors by code, worded for staff: Japanese, and English for the CLI (``STAFF_LANGS``).

The engine raises ``DomainError("not_waiting", number="A004", state="done")``; each app words it in its own
language with :func:`describe` (the counter shows Japanese, the CLI prints ``<ja> / <en>``). Parameters are
language-neutral: ticket numbers, counter numbers, codes; ``verb`` is a key of :data:`VERBS`.
"""

from __future__ import annotations

from collections.abc import Mapping

from shared.i18n.catalogue import Table
from shared.i18n.languages import STAFF_LANGS

ERRORS = Table(
    "errors",
    {
        # -- not found ------------------------------------------------------------------------------------
        "unknown_service": {"ja": "業務 {service!r} はありません", "en": "unknown service {service!r}"},
        "unknown_bundle": {"ja": "手続き {bundle!r} はありません", "en": "unknown life event {bundle!r}"},
        "unknown_counter": {"ja": "{counter}番窓口は設定にありません", "en": "unknown counter {counter}"},
        "no_ticket_today": {"ja": "本日の番号 {number} は見つかりません", "en": "no ticket {number} today"},
        "not_valid_today": {"ja": "この番号札は本日有効ではありません", "en": "ticket not valid today"},
        # -- issuing (engine.issuing_reason's codes; visitors read the shorter shared words issuing_<code>) -----
        "closed": {"ja": "受付時間外です", "en": "outside reception hours"},
        "cutoff": {"ja": "本日の受付は終了しました", "en": "reception for this service has closed for today"},
        "cap": {
            "ja": "本日の受付数の上限に達しました",
            "en": "today's ticket limit for this service is reached",
        },
        "paused": {"ja": "ただいま発券を停止しています", "en": "ticket issuing is paused"},
        "empty_route": {"ja": "手続きが選ばれていません", "en": "the route is empty"},
        "unknown_channel": {"ja": "受付経路 {channel!r} はありません", "en": "unknown channel {channel!r}"},
        "no_alternative": {
            "ja": "業務 {service!r} に代わりの方法 {alternative!r} は設定されていません",
            "en": "service {service!r} has no alternative {alternative!r}",
        },
        "unknown_issuing_state": {
            "ja": "発券状態 {state!r} はありません",
            "en": "unknown issuing state {state!r}",
        },
        "office_closed_day": {"ja": "{day} は閉庁日です", "en": "the office is closed on {day}"},
        # -- 来庁予約 (shared.booking); visitors read the shared words of shared.i18n.booking -----------------
        "booking_not_offered": {"ja": "{service} は予約できません", "en": "{service} cannot be booked"},
        "booking_no_slot": {"ja": "{slot} は予約枠ではありません", "en": "{slot} is not a booking slot"},
        "booking_closed": {"ja": "{slot} の予約受付は終了しました", "en": "booking for {slot} has closed"},
        "booking_full": {"ja": "{slot} の予約枠は満席です", "en": "the {slot} slot is full"},
        "booking_limit_device": {
            "ja": "この端末からの予約はこの日 {limit} 件までです",
            "en": "at most {limit} booking(s) a day from one device",
        },
        "booking_limit_address": {
            "ja": "このメールアドレスでの予約はこの日 {limit} 件までです",
            "en": "at most {limit} booking(s) a day for one e-mail address",
        },
        "booking_unknown": {"ja": "この予約番号は見つかりません", "en": "no such booking"},
        "booking_cancelled": {"ja": "この予約は取り消されています", "en": "this booking was cancelled"},
        "booking_used": {
            "ja": "この予約は取り消せません（{state}）",
            "en": "this booking can no longer be cancelled ({state})",
        },
        "booking_too_early": {
            "ja": "受付は {day} {time} からです",
            "en": "check-in opens on {day} at {time}",
        },
        "booking_other_day": {"ja": "この予約は {day} のものです", "en": "this booking was for {day}"},
        # -- counters ---------------------------------------------------------------------------------------
        "clerk_name": {"ja": "担当者名は{max}文字までです", "en": "clerk name too long or not printable"},
        "counter_closed": {"ja": "{counter}番窓口は閉じています", "en": "counter {counter} is closed"},
        "counter_paused": {"ja": "{counter}番窓口は休止中です", "en": "counter {counter} is paused"},
        "not_paused": {
            "ja": "{counter}番窓口は休止中ではありません",
            "en": "counter {counter} is not paused",
        },
        "busy": {
            "ja": "先に {number} を完了・不在・保留にしてください",
            "en": "finish the current ticket {number} first",
        },
        "busy_closing": {
            "ja": "対応中の番号 {number} を先に完了してください",
            "en": "finish the current ticket {number} first",
        },
        # -- tickets at a counter -----------------------------------------------------------------------------
        "no_current": {
            "ja": "{counter}番窓口に呼出中の番号はありません",
            "en": "no current ticket to {verb}",
        },
        "cannot_now": {
            "ja": "{number} は{verb}できません（{state}）",
            "en": "cannot {verb} {number} now ({state})",
        },
        "wrong_service": {
            "ja": "{number} はこの窓口の業務ではありません",
            "en": "{number} is not a service of this counter",
        },
        "recall_first": {
            "ja": "不在にする前に再呼出してください（{recalls}/{n}回）",
            "en": {
                "one": "recall {n} time first ({recalls}/{n})",
                "other": "recall {n} times first ({recalls}/{n})",
            },
        },
        "not_no_show": {"ja": "{number} は不在ではありません", "en": "{number} is not a no-show"},
        "bad_forms": {
            "ja": "申請書の枚数は 0〜99 の整数です（{forms!r}）",
            "en": "the number of hand-written forms must be a whole number 0–99, not {forms!r}",
        },
        "not_held": {"ja": "{number} は保留中ではありません", "en": "{number} is not on hold"},
        "same_service": {"ja": "同じ業務へは転送できません", "en": "already at this service"},
        "current_step": {"ja": "{service} はいまの手続きです", "en": "{service} is the current step"},
        "in_route": {
            "ja": "{service} はすでにこのあとの手続きに入っています",
            "en": "{service} is already later in the route",
        },
        "already_closed": {"ja": "{number} はすでに終了しています", "en": "{number} is already closed"},
        "being_served": {"ja": "{number} は対応中です", "en": "{number} is being served"},
        "previous_day": {
            "ja": "{number}（{day}）は前日の番号札です。新しい番号札を発券してください",
            "en": "{number} is a ticket of {day}: it cannot be {verb} on a new business day; issue a new ticket",
        },
        # -- conflicts: another counter or process was first ----------------------------------------------------
        "taken": {"ja": "この番号は他の窓口で呼び出されました", "en": "another counter took this ticket"},
        "not_waiting": {
            "ja": "{number} は呼び出せません（{state}）",
            "en": "{number} is not waiting ({state})",
        },
        "changed": {"ja": "状態が変わりました", "en": "the ticket changed"},
        "changed_elsewhere": {"ja": "{number} の状態が他で変わりました", "en": "{number} changed elsewhere"},
        "ticket_closed": {"ja": "{number} は終了しています", "en": "{number} is closed"},
        # -- the floor manager's console (madoguchi supervisor) ------------------------------------------------
        "services_empty": {"ja": "業務を1つ以上選んでください", "en": "choose at least one service"},
        "services_changed": {
            "ja": "{counter}番窓口の業務は他の端末で変更されました（いま: {now}）",
            "en": "counter {counter}'s services were changed elsewhere (now: {now})",
        },
        "no_longer_waiting": {
            "ja": "{number} はもう待っていません（{state}）",
            "en": "{number} is no longer waiting ({state})",
        },
        "moved_elsewhere": {
            "ja": "{number} は他の端末で別の業務（{queue}）に移されました",
            "en": "{number} was moved elsewhere ({queue})",
        },
        "same_service_move": {"ja": "同じ業務へは移せません", "en": "already at this service"},
        "notice_text": {
            "ja": "お知らせ（{language}）は{max}文字までの1行です",
            "en": "notice ({language}) too long or not one line",
        },
        "wrong_pin": {"ja": "名前またはPINが違います", "en": "wrong name or PIN"},
        "locked": {
            "ja": "PINの誤りが続いたためロック中です（あと{minutes}分）",
            "en": "locked after {fails} wrong PINs; try again in {minutes} min",
        },
        "plan_unreadable": {
            "ja": "計画「{clause}」が読めません（例: +2 MOVE @10:30; close 5 @12:00）",
            "en": "cannot read plan clause {clause!r}",
        },
        "plan_service": {
            "ja": "計画「{clause}」: 業務 {service!r} はありません",
            "en": "plan {clause!r}: unknown service {service!r}",
        },
        "plan_counter": {
            "ja": "計画「{clause}」: {counter}番窓口はありません",
            "en": "plan {clause!r}: unknown counter {counter}",
        },
        "plan_count": {
            "ja": "計画「{clause}」: 窓口の数が不正です",
            "en": "plan {clause!r}: bad counter count",
        },
        "plan_pause_end": {
            "ja": "計画「{clause}」: 休止の終わりの時刻を @12:00-13:00 のように書いてください",
            "en": "plan {clause!r}: give the pause's end as @12:00-13:00",
        },
        "plan_no_counters": {
            "ja": "計画: {count}つの窓口を{service}に回せません（空き {free}）",
            "en": "plan: cannot move {count} counters to {service} ({free} free)",
        },
        "plan_step_settled": {
            "ja": "予定の変更（{when} {counter}番）は実行済みか取り消し済みです",
            "en": "the scheduled change (counter {counter} at {when}) has already run or been cancelled",
        },
        "plan_step_unknown": {
            "ja": "予定の変更 {step} はありません",
            "en": "no scheduled change {step}",
        },
        "plan_day_over": {
            "ja": "{day} の予定でした（その日は終わりました）",
            "en": "it was planned for {day} (that day is over)",
        },
        # -- notices (an Outcome's message, not an error) ------------------------------------------------------
        "same_clerk": {"ja": "担当は変わりません", "en": "same clerk"},
        "nobody_waiting": {"ja": "お待ちの方はいません", "en": "nobody is waiting"},
        "kept_for_booking": {
            "ja": "{slot} の予約の方のために窓口を空けています（来庁受付後か {until} に呼出できます）",
            "en": "counter kept free for the {slot} appointment (call again once they check in, or at {until})",
        },
        "next_step_previous_day": {
            "ja": "{number}（{day}）の次の手続きは前日の番号札です。新しい番号札を発券してください",
            "en": "next step needs a new ticket",
        },
    },
    langs=STAFF_LANGS,
    same_fields=False,
)

#: What the clerk tried, for ``no_current`` and ``cannot_now``.
VERBS = Table(
    "error_verbs",
    {
        "recall": {"ja": "再呼出", "en": "recall"},
        "start": {"ja": "受付開始", "en": "start"},
        "no_show": {"ja": "不在に", "en": "mark as no-show"},
        "hold": {"ja": "保留", "en": "hold"},
        "add_step": {"ja": "手続きを追加", "en": "add a step to"},
        "transfer": {"ja": "転送", "en": "transfer"},
        "finish": {"ja": "完了", "en": "finish"},
        # what cannot be done to a ticket of the day before (previous_day)
        "recalled": {"ja": "再呼出", "en": "called again (its number may be one of today's)"},
        "held": {"ja": "保留", "en": "put on hold"},
        "transferred": {"ja": "転送", "en": "transferred"},
    },
    langs=STAFF_LANGS,
)


def describe(code: str, params: Mapping[str, object], lang: str) -> str:
    """``code`` worded in ``lang`` with its parameters; an unknown code is shown as itself."""
    if code not in ERRORS:
        return code
    kw = dict(params)
    if isinstance(kw.get("verb"), str) and kw["verb"] in VERBS:
        kw["verb"] = VERBS.text(str(kw["verb"]), lang)
    return ERRORS.text(code, lang, **kw)


def both(code: str, params: Mapping[str, object]) -> str:
    """「日本語 / English」: how the CLI, logs and ``str(exc)`` show an error."""
    return f"{describe(code, params, 'ja')} / {describe(code, params, 'en')}"
