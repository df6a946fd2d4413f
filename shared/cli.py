"""``madoguchi``: one command for the headless verbs, and the launcher of every app, job and benchmark.

Apps and heavier tools are imported lazily by name, so ``shared`` never imports an app module.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from shared.errors import MadoguchiError, run_main

# name -> "module:function"; each function takes argv (list[str]) and returns an exit code.
APPS: dict[str, str] = {
    "kiosk": "kiosk.app:main",
    "display": "display.app:main",
    "supervisor": "supervisor.app:main",
    "web": "shared.web.app:main",
    "scheduler": "shared.scheduler:main",
    "report": "shared.reports.cli:main",
    "simulate": "shared.sim.cli:main",
    "demo": "shared.tools.demo:main",
    "city": "shared.city.app:main",
}
CITY_REPORT = "shared.city.report_cli:main"  # `madoguchi report --city`: the city report, above the office's
# what `madoguchi --help` says of each app; `madoguchi APP --help` shows the app's own options
APP_HELP: dict[str, str] = {
    "kiosk": "start the touch kiosk (発券機): tickets in nine languages, printed or on screen",
    "display": "start the hall display (呼出表示): calls with chime and voice, waiting counts and estimates",
    "supervisor": "start the floor manager's console (フロアマネージャー): live floor, actions, what-if plans",
    "web": "start the phone status page, web tickets and near-turn alerts (FastAPI)",
    "scheduler": "start the daily jobs (opening, closing, reports, backups), or plan / catch-up / restore",
    "report": "write a KPI report (html, csv, xlsx or json) for a period",
    "simulate": "simulate a ward-office day on the real queue engine (--list: the scenarios)",
    "demo": "the whole office on this PC: kiosk, three counters, hall display, phone page",
    "city": "the city's page of every ward office's queue, read from each office's public /api/status",
}
COUNTER_APP = "counter.app:main"
COUNTER_VERBS = ("open", "pause", "resume", "close", "services")
BENCHES: dict[str, str] = {
    "core": "shared.tools.bench_core:main",
    "kiosk": "kiosk.bench:main",
    "counter": "counter.bench:main",
    "display": "display.bench:main",
    "supervisor": "supervisor.bench:main",
    "report": "shared.tools.bench_report:main",
    "ewt": "shared.tools.bench_ewt:main",
    "web": "shared.tools.bench_web:main",
    "divert": "shared.tools.bench_divert:main",
    "booking": "shared.tools.bench_booking:main",
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


def _engine(args: argparse.Namespace, *, readonly: bool = False) -> Any:
    """The office of ``--db``, its pages checked before anything is written; only ``init`` creates one."""
    from shared.office import open_office

    return open_office(args.db, args.config, create=args.cmd == "init", verify=True, readonly=readonly)


def _print_outcome(out: Any, as_json: bool, url: str | None = None) -> None:
    """One line (``A001 RES waiting (あと0人)``), or JSON; ``url``: the ticket's phone page, for a new ticket."""
    t = out.ticket
    if as_json:
        doc: dict[str, Any] = {"message": out.message}
        if t is not None:
            doc["ticket"] = {
                "number": t.display,
                "token": t.token,
                "state": t.state,
                "outcome": t.outcome,
                "route": list(t.route),
                "priority": t.priority,
            }
            if url:
                doc["ticket"]["url"] = url
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
    if url:
        print(f"  スマートフォン / phone: {url}")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="madoguchi", description="Queue tickets and counters for a ward office.")
    p.add_argument(
        "--db",
        help="SQLite file or postgresql://user@host:5432/dbname (default: $MADOGUCHI_DB or the user data directory)",
    )
    p.add_argument(
        "--config", help="office profile TOML (default: $MADOGUCHI_CONFIG or the built-in profile)"
    )
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND")

    def command(name: str, text: str, **kw: Any) -> argparse.ArgumentParser:
        """A subcommand whose one-line help in the list is also the description of its own --help."""
        return sub.add_parser(name, help=text, description=text, **kw)

    s = command("init", "create or migrate the database; store the office profile as a new version")
    s.add_argument(
        "--config", dest="init_config", help="the office profile TOML to store (same as the global --config)"
    )
    s = command("issue", "issue a ticket")
    s.add_argument("service", help="service code, e.g. RES (or a life event with --bundle)")
    s.add_argument(
        "--bundle", action="store_true", help="SERVICE names a life-event bundle; every step applies"
    )
    s.add_argument("--priority", action="store_true", help="priority class (assistance needed)")
    s.add_argument("--channel", default="staff", choices=["kiosk", "web", "staff"])
    s.add_argument("--json", action="store_true")
    s = command("call", "call the next ticket at COUNTER (or --number A012)")
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
        s = command(verb, text)
        s.add_argument("counter", type=int)
        s.add_argument("--json", action="store_true")
        if verb == "finish":
            s.add_argument(
                "--forms",
                type=int,
                help="hand-written forms the visitor wrote for this step (書かない, 0–99)",
            )
    s = command(
        "import",
        "import konbini FILE.csv: the monthly 住民票 count issued at convenience stores (header month,count)",
    )
    s.add_argument("what", choices=["konbini"])
    s.add_argument("file", help="CSV with the header month,count (or 年月,件数), one row per month YYYY-MM")
    for verb, text in (
        ("transfer", "transfer the current ticket to another service"),
        ("add-step", "after this counter finishes, send the current ticket on to SERVICE"),
    ):
        s = command(verb, text)
        s.add_argument("counter", type=int)
        s.add_argument("service")
        s.add_argument("--json", action="store_true")
    for verb, text in (
        ("cancel", "cancel a ticket by number"),
        ("return", "return a held ticket to the queue"),
        ("reactivate", "put a no-show back in the queue"),
    ):
        s = command(verb, text)
        s.add_argument("number")
    # no -h here: `madoguchi counter --help` is the console's help, which also lists the verbs
    s = command(
        "counter", "counter open|pause|resume|close|services N, or start the clerk's console", add_help=False
    )
    s.add_argument("rest", nargs=argparse.REMAINDER)
    s = command("status", "waiting counts, oldest waits, current calls and open counters")
    s.add_argument("--json", action="store_true")
    s = command(
        "config",
        "config check [PATH]: validate an office profile (PATH, --config, else the database's); config export "
        "[--out F]: the current version as TOML; config history: every stored version",
    )
    s.add_argument("action", choices=["check", "export", "history"])
    s.add_argument(
        "path", nargs="?", help="check: the TOML file (default: --config, else the database's profile)"
    )
    s.add_argument("--out", help="export: write the TOML here instead of stdout")
    s = command(
        "copy", "copy a whole office into an empty database (SQLite ↔ PostgreSQL), then a replay check"
    )
    s.add_argument("--from", dest="source", required=True, help="the office's database (path or URL)")
    s.add_argument("--to", dest="target", required=True, help="an empty database (path or postgresql:// URL)")
    s = command("bench", "benchmarks: " + ", ".join(BENCHES))
    s.add_argument("name", choices=sorted(BENCHES))
    s.add_argument("rest", nargs=argparse.REMAINDER)
    for name in APPS:
        s = sub.add_parser(name, help=APP_HELP[name], add_help=False)
        s.add_argument("rest", nargs=argparse.REMAINDER)
    return p


def _counter_cmd(args: argparse.Namespace) -> int:
    rest = list(args.rest)
    if not rest or rest[0] not in COUNTER_VERBS:
        return _load(COUNTER_APP)(rest)
    p = argparse.ArgumentParser(
        prog="madoguchi counter",
        description="a counter's state from the command line (the clerk's console: madoguchi counter --help)",
    )
    p.add_argument(
        "verb",
        choices=COUNTER_VERBS,
        help="open, pause (休止), resume, close, or services (set what the counter serves)",
    )
    p.add_argument("number", type=int, help="counter number (窓口番号)")
    p.add_argument("--reason", default="", help="with pause: the reason shown to visitors (default 休止)")
    p.add_argument("--services", nargs="*", help="service codes this counter serves (default: from config)")
    p.add_argument("--clerk", help="with open: the clerk signing in")
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
    from shared.storage.target import parse_target

    doc = office_status(_engine(args, readonly=True), _now())
    doc["database"] = str(parse_target(args.db))  # which office database; a password is shown as ***
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(f"{doc['office']}  {doc['now'][:16]}  {'開庁中' if doc['open'] else '閉庁'}  ({doc['database']})")
    for s in doc["services"]:
        calls = ", ".join(f"{c['number']}→{c['counter']}" for c in s["current_calls"]) or "-"
        est = s["estimate_min"]
        print(
            f"  {s['code']:<12} 待ち {s['waiting']:>3}人  目安 {est['text_ja']}  "
            f"呼出中 {calls}  窓口 {s['open_counters']}"
        )
    return 0


def _import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from shared.reports.konbini import import_file
    from shared.timeutil import to_ts

    engine, now = _engine(args), _now()
    try:
        done = import_file(engine.store.db, Path(args.file), now.date(), to_ts(now))
    finally:
        engine.store.close()
    total = sum(c for _, c in done.months)
    print(
        f"コンビニ交付件数 {len(done.months)} か月分（{done.first}〜{done.last}、計 {total:,} 通）を取り込みました / "
        f"imported {len(done.months)} month(s) of convenience-store counts ({done.first} … {done.last}, {total:,})"
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
    if args.db:  # resolved once, here: every app and command below sees the same absolute file (or URL)
        from shared.storage.target import parse_target

        args.db = parse_target(args.db).unmasked()
        os.environ["MADOGUCHI_DB"] = args.db
    if getattr(args, "init_config", None):
        args.config = args.init_config
    if args.config:
        os.environ["MADOGUCHI_CONFIG"] = args.config
    if args.cmd in APPS:
        rest = _passthrough(argv, 1)
        if args.cmd == "report" and "--city" in rest:
            return _load(CITY_REPORT)(rest)
        return _load(APPS[args.cmd])(rest)
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
    if args.cmd in ("init", "config", "copy"):
        from shared import profile_cli

        if args.cmd == "init":
            return profile_cli.init(args.db, _now())
        if args.cmd == "copy":
            return profile_cli.copy(args.source, args.target)
        if args.action == "check":
            return profile_cli.check(args.path, args.db)
        if args.action == "export":
            return profile_cli.export(args.db, args.out)
        return profile_cli.history(args.db)
    if args.cmd == "status":
        return _status(args)
    if args.cmd == "import":
        return _import(args)
    engine, now = _engine(args), _now()
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
        }
        if args.cmd == "finish":
            out = engine.finish(args.counter, now=now, forms=args.forms)
        else:
            out = verbs[args.cmd](args.counter, now=now)
    url = engine.config.status_url(out.ticket.token) if args.cmd == "issue" and out.ticket else None
    _print_outcome(out, as_json, url)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_main(_run_checked, argv)


def _run_checked(argv: list[str]) -> int:
    try:
        return run(argv)
    except sqlite3.Error as exc:  # a read outside the checked paths hit a damaged or vanished file: one line
        from shared.storage.db import storage_error
        from shared.storage.target import parse_target

        raise storage_error(exc, str(parse_target(None)), "database error") from exc


if __name__ == "__main__":
    sys.exit(main())
