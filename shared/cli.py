"""``madoguchi``: one command for the headless verbs, and the launcher of every app, job and benchmark.

Apps and heavier tools are imported lazily by name, so ``shared`` never imports an app module.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from shared.errors import MadoguchiError

# name -> "module:function"; each function takes argv (list[str]) and returns an exit code.
APPS: dict[str, str] = {
    "kiosk": "kiosk.app:main",
    "display": "display.app:main",
    "web": "shared.web.app:main",
    "scheduler": "shared.scheduler:main",
    "report": "shared.reports.cli:main",
    "simulate": "shared.sim.cli:main",
    "demo": "shared.demo:main",
}
COUNTER_APP = "counter.app:main"
COUNTER_VERBS = ("open", "pause", "resume", "close", "services")
BENCHES: dict[str, str] = {
    "core": "shared.bench.core:main",
    "kiosk": "kiosk.bench:main",
    "counter": "counter.bench:main",
    "display": "display.bench:main",
    "report": "shared.reports.bench:main",
    "ewt": "shared.predict.bench:main",
    "web": "shared.web.bench:main",
}


def _load(target: str) -> Callable[[list[str]], int]:
    module, func = target.split(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == module or module.startswith(exc.name + ".")):
            raise MadoguchiError(f"{module} is not installed in this build") from None
        raise
    fn: Callable[[list[str]], int] = getattr(mod, func)
    return fn


def _now() -> datetime:
    from shared.timeutil import now_tokyo

    return now_tokyo()


def _engine(args: argparse.Namespace) -> Any:
    from shared.office import open_office

    return open_office(args.db, args.config)


def _print_outcome(out: Any, as_json: bool) -> None:
    t = out.ticket
    if as_json:
        doc: dict[str, Any] = {"message": out.message, "changes": out.changes.__dict__}
        if t is not None:
            doc["ticket"] = {
                "number": t.display,
                "token": t.token,
                "state": t.state,
                "outcome": t.outcome,
                "route": list(t.route),
                "priority": t.priority,
            }
        if out.leg is not None:
            doc["leg"] = {
                "id": out.leg.id,
                "service": out.leg.service,
                "stage": out.leg.stage,
                "state": out.leg.state,
                "counter": out.leg.counter,
                "recalls": out.leg.recalls,
            }
        if out.people_ahead is not None:
            doc["people_ahead"] = out.people_ahead
        print(json.dumps(doc, ensure_ascii=False))
        return
    if t is None:
        print(out.message or "ok")
        return
    leg = out.leg
    where = f" → {leg.counter}番窓口" if leg is not None and leg.counter and leg.state == "called" else ""
    state = leg.state if leg is not None else t.state
    extra = f" (あと{out.people_ahead}人)" if out.people_ahead is not None else ""
    print(f"{t.display} {leg.queue if leg else ''} {state}{where}{extra}".strip())


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="madoguchi", description="Queue tickets and counters for a ward office.")
    p.add_argument("--db", help="SQLite file (default: $MADOGUCHI_DB or the user data directory)")
    p.add_argument(
        "--config", help="office profile TOML (default: $MADOGUCHI_CONFIG or the built-in profile)"
    )
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND")
    sub.add_parser("init", help="create or migrate the database and load the office profile")
    s = sub.add_parser("issue", help="issue a ticket")
    s.add_argument("service", help="service code, e.g. RES (or a life event with --bundle)")
    s.add_argument(
        "--bundle", action="store_true", help="SERVICE names a life-event bundle; every step applies"
    )
    s.add_argument("--priority", action="store_true", help="priority class (assistance needed)")
    s.add_argument("--channel", default="staff", choices=["kiosk", "web", "staff"])
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("call", help="call the next ticket at COUNTER (or --number A012)")
    s.add_argument("counter", type=int)
    s.add_argument("--number", help="call this ticket number instead of the next one")
    s.add_argument("--json", action="store_true")
    for verb, text in (
        ("recall", "call the current ticket again"),
        ("no-show", "mark the current ticket absent"),
        ("start", "the visitor arrived at the counter"),
        ("hold", "put the current ticket on hold"),
        ("finish", "finish the current ticket (next route step / pickup / close)"),
    ):
        s = sub.add_parser(verb, help=text)
        s.add_argument("counter", type=int)
        s.add_argument("--json", action="store_true")
    for verb, text in (
        ("transfer", "transfer the current ticket to another service"),
        ("add-step", "after this counter finishes, send the current ticket on to SERVICE"),
    ):
        s = sub.add_parser(verb, help=text)
        s.add_argument("counter", type=int)
        s.add_argument("service")
        s.add_argument("--json", action="store_true")
    for verb, text in (
        ("cancel", "cancel a ticket by number"),
        ("return", "return a held ticket to the queue"),
        ("reactivate", "put a no-show back in the queue"),
    ):
        s = sub.add_parser(verb, help=text)
        s.add_argument("number")
    s = sub.add_parser(
        "counter", help="counter open|pause|resume|close|services N, or start the clerk's console"
    )
    s.add_argument("rest", nargs=argparse.REMAINDER)
    s = sub.add_parser("status", help="waiting counts, oldest waits, current calls and open counters")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("config", help="config check PATH")
    s.add_argument("action", choices=["check"])
    s.add_argument("path")
    s = sub.add_parser("bench", help="benchmarks: " + ", ".join(BENCHES))
    s.add_argument("name", choices=sorted(BENCHES))
    s.add_argument("rest", nargs=argparse.REMAINDER)
    for name in APPS:
        s = sub.add_parser(name, help=f"start {name}", add_help=False)
        s.add_argument("rest", nargs=argparse.REMAINDER)
    return p


def _counter_cmd(args: argparse.Namespace) -> int:
    rest = list(args.rest)
    if not rest or rest[0] not in COUNTER_VERBS:
        return _load(COUNTER_APP)(rest)
    p = argparse.ArgumentParser(prog="madoguchi counter")
    p.add_argument("verb", choices=COUNTER_VERBS)
    p.add_argument("number", type=int)
    p.add_argument("--reason", default="")
    p.add_argument("--services", nargs="*", help="service codes this counter serves (default: from config)")
    p.add_argument("--clerk")
    a = p.parse_args(rest)
    engine, now = _engine(args), _now()
    if a.verb == "open":
        engine.open_counter(a.number, now=now, services=a.services, clerk=a.clerk)
    elif a.verb == "pause":
        engine.pause_counter(a.number, a.reason or "休止", now=now)
    elif a.verb == "resume":
        engine.resume_counter(a.number, now=now)
    elif a.verb == "close":
        engine.close_counter(a.number, now=now)
    else:
        engine.set_services(a.number, a.services or [], now=now)
    c = engine.counter(a.number)
    print(f"{c.number}番窓口: {c.state} {' '.join(c.services)}{' (' + c.reason + ')' if c.reason else ''}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from shared.status import office_status

    doc = office_status(_engine(args), _now())
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(f"{doc['office']}  {doc['now'][:16]}  {'開庁中' if doc['open'] else '閉庁'}")
    for s in doc["services"]:
        calls = ", ".join(f"{c['number']}→{c['counter']}" for c in s["current_calls"]) or "-"
        est = s["estimate_min"]
        print(
            f"  {s['code']:<12} 待ち {s['waiting']:>3}人  目安 {est['low']:.0f}〜{est['high']:.0f}分  "
            f"呼出中 {calls}  窓口 {s['open_counters']}"
        )
    return 0


def _passthrough(argv: list[str], positionals: int) -> list[str]:
    """The tokens after the command (and bench name), in their original order.

    argparse's REMAINDER after parse_known_args moves a leading ``--option`` of the app to the end, which
    separates it from its value (``simulate --seed 1`` arrived as ``['1', '--seed']``).
    """
    i, seen = 0, 0
    while i < len(argv) and seen < positionals:
        tok = argv[i]
        if tok in ("--db", "--config"):
            i += 2
            continue
        if not tok.startswith("-"):
            seen += 1
        i += 1
    return argv[i:]


def run(argv: Sequence[str]) -> int:
    argv = list(argv)
    p = _parser()
    args, unknown = p.parse_known_args(argv)
    if args.db:
        os.environ["MADOGUCHI_DB"] = args.db
    if args.config:
        os.environ["MADOGUCHI_CONFIG"] = args.config
    if args.cmd in APPS:
        return _load(APPS[args.cmd])(_passthrough(argv, 1))
    if args.cmd == "bench":
        return _load(BENCHES[args.name])(_passthrough(argv, 2))
    if args.cmd == "counter":
        args.rest = _passthrough(argv, 1)
        return _counter_cmd(args)
    if unknown:
        p.error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.cmd is None:
        p.print_help()
        return 2
    if args.cmd == "config":
        from shared.config import load_config

        cfg = load_config(args.path)
        print(
            f"OK: {args.path}: {len(cfg.services)} services, {len(cfg.counters)} counters, "
            f"{len(cfg.bundles)} life events, {len(cfg.displays)} displays"
        )
        return 0
    if args.cmd == "status":
        return _status(args)
    engine, now = _engine(args), _now()
    if args.cmd == "init":
        from shared.paths import default_db_path

        print(f"initialised {args.db or default_db_path()} ({len(engine.config.services)} services)")
        return 0
    as_json = getattr(args, "json", False)
    if args.cmd == "issue":
        if args.bundle:
            b = (
                engine.config.bundle(args.service)
                if args.service in {x.code for x in engine.config.bundles}
                else None
            )
            if b is None:
                raise MadoguchiError(f"unknown life event {args.service!r}")
            out = engine.issue_bundle(
                b.code,
                {i: True for i in range(len(b.steps))},
                now=now,
                channel=args.channel,
                priority=int(args.priority),
            )
        else:
            out = engine.issue(args.service, now=now, channel=args.channel, priority=int(args.priority))
    elif args.cmd == "call":
        out = (
            engine.call_number(args.counter, args.number, now=now)
            if args.number
            else engine.call_next(args.counter, now=now)
        )
    elif args.cmd == "transfer":
        out = engine.transfer(args.counter, args.service, now=now)
    elif args.cmd == "add-step":
        out = engine.add_step(args.counter, args.service, now=now)
    elif args.cmd in ("cancel", "return", "reactivate"):
        verb = {"cancel": engine.cancel, "return": engine.return_to_queue, "reactivate": engine.reactivate}
        out = verb[args.cmd](args.number, now=now, actor="cli")
    else:
        verbs = {
            "recall": engine.recall,
            "no-show": engine.no_show,
            "start": engine.start,
            "hold": engine.hold,
            "finish": engine.finish,
        }
        out = verbs[args.cmd](args.counter, now=now)
    _print_outcome(out, as_json)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except MadoguchiError as exc:
        print(f"エラー / error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
