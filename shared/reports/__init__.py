"""KPI reports from the event log: facts per day, grouped KPIs, period comparison, HTML/CSV/xlsx/JSON output.

Entry points: :func:`shared.reports.build.build_report` and ``madoguchi report`` (:mod:`shared.reports.cli`).
"""
