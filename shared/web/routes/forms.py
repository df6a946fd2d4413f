"""Reading the pages' HTML forms: bounded sizes, and a 400 for anything a browser would not send."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, QueryParams

from shared.i18n import LANGS
from shared.web.errors import WebError
from shared.web.issuing import IssueRequest

ANSWERS = ("yes", "no", "unsure")
FORM_LIMITS: dict[str, Any] = {"max_files": 0, "max_fields": 60, "max_part_size": 4096}


def issue_request(form: FormData, choice: str, lang: str) -> IssueRequest:
    """The service or life event (with its answers: yes, no or unsure) chosen on the /issue form."""
    kind, _, code = choice.partition(":")
    if kind not in ("s", "b") or not code:
        raise WebError(400, "err_choose")
    answers, unsure = {}, set()
    if kind == "b":
        for key in form:
            if key.startswith(f"q_{code}_"):
                idx = key[len(f"q_{code}_") :]
                value = form_str(form, key)
                if not idx.isdigit() or len(idx) > 3 or value not in ANSWERS:
                    raise WebError(400, "err_bad_request")
                answers[int(idx)] = value != "no"
                if value == "unsure":
                    unsure.add(int(idx))
    return IssueRequest(
        service=code if kind == "s" else None,
        bundle=code if kind == "b" else None,
        answers=answers,
        lang=lang,
        unsure=frozenset(unsure),
    )


def raw_answers(form: FormData | QueryParams, bundle: str) -> dict[int, str]:
    """The answers as sent (a form, or a page's query string), unknown values left out."""
    out = {}
    for key in form:
        idx = key[len(f"q_{bundle}_") :] if key.startswith(f"q_{bundle}_") else ""
        value = form.get(key)
        if idx.isdigit() and len(idx) <= 3 and value in ANSWERS:
            out[int(idx)] = str(value)
    return out


def form_str(form: FormData, key: str) -> str | None:
    v = form.get(key)
    if v is None:
        return None
    if not isinstance(v, str) or len(v) > 512:
        raise WebError(400, "err_bad_request")
    return v


def form_ints(form: FormData, key: str) -> tuple[int, ...]:
    out = []
    for v in form.getlist(key):
        if not isinstance(v, str) or not v.isdigit() or len(v) > 4:
            raise WebError(400, "err_threshold")
        out.append(int(v))
    return tuple(sorted(set(out), reverse=True))


def form_lang(form: FormData, default: str) -> str:
    v = form.get("lang")
    return v if isinstance(v, str) and v in LANGS else default
