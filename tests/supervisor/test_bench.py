"""``madoguchi bench supervisor`` runs and prints what the issue asks for (engine timing per plan, the total
against the goal, CPU, load, the theory check); tiny counts, in this process: the figures are the bench's."""

from __future__ import annotations

import pytest

from supervisor import bench


def test_bench_supervisor_prints_the_engine_timing_and_the_theory_check(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--reps", "6", "--engine-reps", "1", "--budget", "0", "--workers", "0", "--theory", "3"]
    assert bench.main(argv) == 0
    out = capsys.readouterr().out
    plans = [line for line in out.splitlines() if line.startswith("engine plan ")]
    assert len(plans) == 3 and all(" 1 reps, CPU " in line for line in plans), out
    total = next(line for line in out.splitlines() if line.startswith("engine total "))
    assert "goal < 5 s" in total and "CPU" in total and "load average" in total, total
    paired = [line for line in out.splitlines() if line.startswith("  paired plan ")]
    assert len(paired) == 3 and all("engine 1 + fast 6 reps" in line for line in paired), out
    assert "x (1 engine + 6 fast) reps" in total, total
    assert "theory M/M/3" in out and "Erlang C" in out and "theory paired (engine 3 + fast 6)" in out, out
