"""``madoguchi bench ewt`` end to end on a small simulated scenario (the full table is the benchmark's job)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from shared.predict.baselines import BASELINES
from shared.tools.bench_ewt import main as bench_main


def test_bench_ewt_quick_branch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pred.csv"
    assert bench_main(["--scenario", "branch", "--quick", "--no-mms", "--predictions", str(out)]) == 0
    text = capsys.readouterr().out
    for name in ["madoguchi (ours)", *BASELINES]:
        assert name in text
    assert "estimate refresh: 11 services" in text and "ms per service" in text
    assert "people ahead" in text and "the best classic baseline" in text and "bootstrap" in text
    assert re.search(
        r"MSE (\d+% (lower|higher) than|[0-9.]+× that of) ", text
    )  # plain words, no "−50139.6% below"
    with open(out, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 50 and all(r["customer_id"].startswith("branch/") for r in rows)


def test_bench_ewt_unknown_scenario_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_main(["--scenario", "nope", "--no-mms"]) == 2
    assert "scenario not found" in capsys.readouterr().err
