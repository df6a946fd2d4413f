"""``madoguchi bench supervisor`` runs and prints what the issue asks for (engine timing per plan, the total
against the goal, CPU, load, the theory check); tiny counts, in this process: the figures are the bench's."""

from __future__ import annotations

import pytest

from supervisor import bench


def test_bench_supervisor_prints_the_engine_timing_and_the_theory_check(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # a budget too short for more than one seed: the first answer has 1 engine run per plan, a background batch
    # brings each plan to 2
    argv = ["--reps", "6", "--engine-reps", "2", "--budget", "0.001", "--workers", "0", "--theory", "3"]
    assert bench.main(argv) == 0
    out = capsys.readouterr().out
    plans = [line for line in out.splitlines() if line.startswith("engine plan ")]
    assert len(plans) == 3 and all(" 2 reps, CPU " in line for line in plans), out
    first = next(line for line in out.splitlines() if line.startswith("first answer "))
    assert "goal < 5 s" in first and "x (1 engine + 6 fast) reps" in first, first
    total = next(line for line in out.splitlines() if line.startswith("engine total "))
    assert "until 2 engine reps per plan" in total and "CPU s/engine rep" in total, total
    assert "load average" in total, total
    paired = [line for line in out.splitlines() if line.startswith("  paired plan ")]
    assert len(paired) == 3 and all("engine 2 + fast 6 reps" in line for line in paired), out
    assert all("first answer (engine 1)" in line for line in paired), out
    assert "theory M/M/3" in out and "Erlang C" in out and "theory paired (engine 3 + fast 6)" in out, out
