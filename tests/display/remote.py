"""Run engine verbs in ANOTHER process, as a counter PC would: ``run_remote(db, [("call", 1, 5.0), …])``.

Each op is (verb, argument, seconds after the tests' fixed NOW). The child prints one JSON line per op with the
call id it produced, so a test can match what the display shows against what was committed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
Op = tuple[str, Any, float]


def run_remote(db: Path, ops: list[Op], timeout: float = 60) -> list[dict[str, Any]]:
    """Run ``ops`` in a fresh Python process against ``db``; returns one dict per op (call id, number)."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.display.remote", str(db), json.dumps(ops)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise AssertionError(f"remote process failed:\n{done.stderr}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _child(db: str, ops: list[list[Any]]) -> None:
    from shared.config import load_config
    from shared.office import open_office
    from tests.conftest import NOW

    engine = open_office(db, load_config())
    verbs = {
        "open": engine.open_counter,
        "call": engine.call_next,
        "recall": engine.recall,
        "start": engine.start,
        "finish": engine.finish,
    }
    for verb, arg, offset in ops:
        now = NOW + timedelta(seconds=offset)
        if verb == "issue":
            out = engine.issue(arg, now=now)
        elif verb == "issue_many":
            for code in arg:
                engine.issue(code, now=now)
            out = None
        else:
            out = verbs[verb](arg, now=now)
        call = out.call if out is not None else None
        print(
            json.dumps(
                {"verb": verb, "call_id": call.id if call else None, "number": call.display if call else None}
            ),
            flush=True,
        )
    engine.store.close()


if __name__ == "__main__":
    _child(sys.argv[1], json.loads(sys.argv[2]))
