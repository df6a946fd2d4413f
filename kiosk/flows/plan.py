"""From the visitor's taps to what the engine issues: certificate picks, life-event answers, assistance (no Qt).

Certificates (書かない): the ticket is for the service of the first picked certificate (config order). A
certificate of another service is handled at the same window when both services share a merged window
(``[merged_windows]``) or every counter serving the first also serves it; otherwise that service becomes a
later step of the same ticket (回らない), in config order. The request always lists every pick with its copies.

Life events: a step the visitor answered "yes" to whose service takes no ticket today (cut-off, cap, paused)
is left out of the route and written in the request's note, so the clerk sees what was wanted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.config import Bundle, OfficeConfig
from shared.i18n import WORDS

#: Assistance the visitor can ask for at the kiosk; the codes the counter app understands (ticket.access).
ASSIST_CODES: tuple[str, ...] = ("wheelchair", "hearing", "vision", "pregnancy", "child", "interpreter")
#: Flags that give the ticket priority (priority=1): moving about or waiting long is hard for them.
PRIORITY_FLAGS = frozenset({"wheelchair", "vision", "pregnancy"})


def _reason_ja(reason: str) -> str:
    key = f"issuing_{reason}"
    return WORDS.text(key, "ja") if key in WORDS else reason


class PlanError(ValueError):
    """The picks cannot make a ticket (nothing chosen, unknown code, bad number of copies)."""


@dataclass(frozen=True)
class IssuePlan:
    route: tuple[str, ...]
    request: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BundlePlan:
    bundle: str
    answers: dict[int, bool]  # what the engine builds the route from
    route: tuple[str, ...]
    left_out: tuple[tuple[str, str], ...]  # (service, reason) of wanted steps not possible today
    request: dict[str, Any] = field(default_factory=dict)


def priority_for(flags: Iterable[str]) -> int:
    return 1 if PRIORITY_FLAGS.intersection(flags) else 0


def clean_flags(flags: Iterable[str]) -> tuple[str, ...]:
    """Known assistance flags in a stable order (unknown ones are dropped)."""
    chosen = set(flags)
    return tuple(c for c in ASSIST_CODES if c in chosen)


def handled_together(config: OfficeConfig, first: str, other: str) -> bool:
    """True when a clerk serving ``first`` also deals with ``other`` at the same window."""
    if first == other:
        return True
    for services in config.merged_windows.values():
        if first in services and other in services:
            return True
    serving = [c for c in config.counters if first in c.services]
    return bool(serving) and all(other in c.services for c in serving)


def plan_certificates(config: OfficeConfig, picks: Mapping[str, int]) -> IssuePlan:
    """One ticket for the picked certificates: ``picks`` maps certificate code to copies (0 = not wanted)."""
    known = {c.code: c for c in config.certificates}
    for code, copies in picks.items():
        if code not in known:
            raise PlanError(f"unknown certificate {code!r}")
        if isinstance(copies, bool) or not isinstance(copies, int) or copies < 0:
            raise PlanError(f"copies of {code!r} must be a whole number >= 0, not {copies!r}")
        if copies > known[code].max_copies:
            raise PlanError(f"at most {known[code].max_copies} copies of {code!r}")
    chosen = [c for c in config.certificates if picks.get(c.code, 0) > 0]
    if not chosen:
        raise PlanError("no certificate chosen")
    route: list[str] = []
    for c in chosen:
        if not any(handled_together(config, r, c.service) for r in route):
            route.append(c.service)
    request = {"certificates": [{"code": c.code, "copies": picks[c.code]} for c in chosen]}
    return IssuePlan(tuple(route), request)


UNSURE = (
    "unsure"  # the visitor answered 「わからない」: the step stays, the clerk confirms (as on the web page)
)


def plan_bundle(
    bundle: Bundle,
    answers: Mapping[int, bool | str],
    reasons: Mapping[str, str | None],
    names_ja: Mapping[str, str] | None = None,
) -> BundlePlan:
    """The life-event route for ``answers`` (step index -> yes, no or UNSURE), leaving out asked steps closed
    today. An unsure step stays on the route and the request records it as "unsure" for the clerk to confirm."""
    effective: dict[int, bool] = {}
    left_out: list[tuple[str, str]] = []
    for i, step in enumerate(bundle.steps):
        if step.ask is None:
            continue
        wanted = answers.get(i, False) in (True, UNSURE)
        reason = reasons.get(step.service)
        if wanted and reason is not None and i > 0:
            left_out.append((step.service, reason))
            wanted = False
        effective[i] = wanted
    route = tuple(bundle.route_for(effective))
    request: dict[str, Any] = {
        "answers": {
            str(i): UNSURE if answers.get(i) == UNSURE else answers.get(i, False) is True
            for i, s in enumerate(bundle.steps)
            if s.ask is not None
        }
    }
    if left_out:
        names = names_ja or {}
        parts = [f"{names.get(code, code)}（{_reason_ja(reason)}）" for code, reason in left_out]
        request["note"] = "本日受付できないため番号札の順路から除外: " + "、".join(parts)
    return BundlePlan(bundle.code, effective, route, tuple(left_out), request)
