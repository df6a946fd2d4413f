"""External per-customer logs: parsing, replay through ``bench ewt --log``, and errors that name the line."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from shared.predict.log import COLUMNS, LogError, parse_csv
from shared.predict.state import Replayer, visit_events
from shared.timeutil import TOKYO
from shared.tools.bench_ewt import main as bench_main

HEAD = ",".join(COLUMNS)


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


def make_log(path: Path, days: int = 3) -> list[list[str]]:
    """Two servers, one service; 5-minute turns; a burst at 9:00 so people queue. Every 7th abandons, every
    11th is a no-show, every 9th has priority 2 and is called as soon as a server frees."""
    rows = []
    for d in range(days):
        day0 = datetime(2026, 11, 16 + d, 9, 0, tzinfo=TOKYO)
        free = [day0, day0]
        waiting: list[tuple[int, datetime, int]] = []
        arrivals = [
            (i, day0 + timedelta(minutes=2 * i if i >= 10 else 0), 2 if i % 9 == 4 else 0) for i in range(60)
        ]
        for i, t, prio in arrivals:
            cid = f"d{d}-{i:03d}"
            if i % 7 == 3:
                rows.append([cid, "CERT", str(prio), _iso(t), "", "", "", "abandoned"])
                continue
            waiting.append((i, t, prio))
        waiting.sort(key=lambda x: (-x[2], x[1], x[0]))
        while waiting:
            k = min(range(2), key=lambda j: free[j])
            start = free[k]
            ready = [w for w in waiting if w[1] <= start] or [min(waiting, key=lambda x: x[1])]
            ready.sort(key=lambda x: (-x[2], x[1], x[0]))
            i, t, prio = ready[0]
            waiting.remove(ready[0])
            call = max(start, t)
            cid = f"d{d}-{i:03d}"
            if i % 11 == 5:
                end = call + timedelta(minutes=2)
                rows.append([cid, "CERT", str(prio), _iso(t), _iso(call), "", f"win{k + 1}", "no_show"])
            else:
                end = call + timedelta(minutes=4 + (i % 3))
                rows.append([cid, "CERT", str(prio), _iso(t), _iso(call), _iso(end), f"win{k + 1}", "served"])
            free[k] = end
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(rows)
    return rows


def test_replay_of_a_hand_made_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "log.csv"
    rows = make_log(log)
    out = tmp_path / "pred.csv"
    assert bench_main(["--log", str(log), "--predictions", str(out), "--train-frac", "0.67"]) == 0
    text = capsys.readouterr().out
    assert "madoguchi (ours)" in text and "P2 QL" in text and "best baseline" in text
    with open(out, encoding="utf-8") as f:
        pred = list(csv.DictReader(f))
    # the test day: everyone who queued, called or not (an abandoned visitor was predicted at join time too)
    test_day = [r for r in rows if r[0].startswith("d2-")]
    assert {p["customer_id"] for p in pred} == {r[0] for r in test_day}
    for p in pred:
        assert 0 <= float(p["low_s"]) <= float(p["estimate_s"]) <= float(p["high_s"])
    # the 9:00 burst: the later someone is in it, the longer the estimate; priority 2 jumps the queue
    est = {p["customer_id"]: float(p["estimate_s"]) for p in pred}
    assert est["d2-008"] > est["d2-001"] + 300
    assert est["d2-004"] < est["d2-002"]


def test_abandoned_rows_leave_the_queue_and_priorities_order_it() -> None:
    t0 = datetime(2026, 11, 16, 9, 0, tzinfo=TOKYO)
    text = "\n".join(
        [
            HEAD,
            f"a,S,0,{_iso(t0)},{_iso(t0 + timedelta(minutes=1))},{_iso(t0 + timedelta(minutes=5))},w1,served",
            f"b,S,0,{_iso(t0 + timedelta(minutes=2))},,{_iso(t0 + timedelta(minutes=4))},,abandoned",
            f"c,S,3,{_iso(t0 + timedelta(minutes=3))},{_iso(t0 + timedelta(minutes=5))},{_iso(t0 + timedelta(minutes=9))},w1,served",
        ]
    )
    visits = parse_csv(text)
    r = Replayer(inferred=True)
    seen = []
    for e in visit_events(visits):
        r.apply(e)
        seen.append(
            (
                e["type"],
                e["ts"] - t0.timestamp(),
                {q: [w.ticket for w in ws] for q, ws in r.snapshot().waiting.items()},
            )
        )
    # at 3 min both b and c wait, c first (priority 3); at 4 min b has left
    at3 = [s for s in seen if s[1] == 180][0][2]
    assert at3["S"] == [3, 2]
    at4 = [s for s in seen if s[1] == 240][0][2]
    assert at4["S"] == [3]


@pytest.mark.parametrize(
    "body,needle",
    [
        (
            "customer_id,service,priority,arrived_at,called_at,server,outcome\n",
            "line 1: missing column(s) finished_at",
        ),
        (
            HEAD + "\nx,S,0,2026-11-16T09:00:00+09:00,yesterday,,w1,no_show\n",
            "line 2: called_at: cannot read time 'yesterday'",
        ),
        (
            HEAD + "\nx,S,0,2026-11-16T09:00:00,,,,abandoned\ny,S,0,16/11/2026 9:01,,,,abandoned\n",
            "line 3: arrived_at",
        ),
        (
            HEAD + "\nx,S,0,2026-11-16T09:00:00,2026-11-16T09:01:00,,w1,served\n",
            "line 2: finished_at: empty time",
        ),
        (HEAD + "\nx,S,0,2026-11-16T09:00:00,,,,gone\n", "line 2: outcome 'gone'"),
        (HEAD + "\nx,S,high,2026-11-16T09:00:00,,,,abandoned\n", "line 2: priority 'high'"),
        (HEAD + "\n", "no customer rows"),
    ],
)
def test_bad_csv_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, needle: str
) -> None:
    with pytest.raises(LogError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        parse_csv(body, "log.csv")
    p = tmp_path / "bad.csv"
    p.write_text(body, encoding="utf-8")
    assert bench_main(["--log", str(p)]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err
