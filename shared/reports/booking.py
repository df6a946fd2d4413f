"""来庁予約 in the reports: booking counts, the no-show rate and punctuality, and a day's bookings per hour.

Read from the booking table and the booked legs (``leg.slot_ts``) through the Database interface:

- counts by outcome: booked (still to come), checked in on time, late (became walk-ins), no-show, cancelled;
- no-show rate: no-shows / (bookings whose slot has passed and that were not cancelled);
- punctuality: the booked visitor's wait after the slot time (call − later of slot and arrival), p50/p90, and
  how early or late they arrived (check-in − slot), p50;
- per hour of the slot: bookings, and how many of them have checked in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shared.percentile import percentile
from shared.storage.backend import Database
from shared.timeutil import from_ts

STATES = ("booked", "checked_in", "late", "no_show", "cancelled")


@dataclass(frozen=True)
class HourRow:
    hour: int
    booked: int  # bookings for slots in this hour, not cancelled
    arrived: int  # … of which checked in (on time or late)


@dataclass(frozen=True)
class BookingSummary:
    start: date
    end: date
    counts: dict[str, int] = field(default_factory=dict)
    no_show_rate: float | None = None
    wait_after_slot_p50_min: float | None = None
    wait_after_slot_p90_min: float | None = None
    arrival_vs_slot_p50_min: float | None = None  # negative: before the slot
    called: int = 0  # on-time bookings already called (the punctuality sample)
    hours: tuple[HourRow, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "counts": dict(self.counts),
            "no_show_rate": self.no_show_rate,
            "wait_after_slot_p50_min": self.wait_after_slot_p50_min,
            "wait_after_slot_p90_min": self.wait_after_slot_p90_min,
            "arrival_vs_slot_p50_min": self.arrival_vs_slot_p50_min,
            "called": self.called,
            "per_hour": [{"hour": h.hour, "booked": h.booked, "arrived": h.arrived} for h in self.hours],
        }


def booking_summary(db: Database, start: date, end: date) -> BookingSummary:
    if not db.table_exists("booking"):
        return BookingSummary(start, end, {s: 0 for s in STATES})
    rows = db.execute(
        "SELECT b.state, b.slot_ts, leg.entered_at, leg.called_at FROM booking b "
        "LEFT JOIN leg ON leg.ticket_id = b.ticket_id AND leg.step = 0 AND leg.slot_ts IS NOT NULL "
        "WHERE b.day >= ? AND b.day <= ?",
        (start.isoformat(), end.isoformat()),
    ).fetchall()
    counts = Counter({s: 0 for s in STATES})
    waits: list[float] = []
    arrivals: list[float] = []
    per_hour: dict[int, list[int]] = {}
    for state, slot, entered, called in rows:
        counts[state] += 1
        if state != "cancelled":
            h = per_hour.setdefault(from_ts(slot).hour, [0, 0])
            h[0] += 1
            h[1] += state in ("checked_in", "late")
        if entered is not None:
            arrivals.append((entered - slot) / 60.0)
            if called is not None:
                waits.append(max(0.0, called - max(slot, entered)) / 60.0)
    settled = counts["checked_in"] + counts["late"] + counts["no_show"]
    return BookingSummary(
        start=start,
        end=end,
        counts=dict(counts),
        no_show_rate=counts["no_show"] / settled if settled else None,
        wait_after_slot_p50_min=percentile(waits, 50) if waits else None,
        wait_after_slot_p90_min=percentile(waits, 90) if waits else None,
        arrival_vs_slot_p50_min=percentile(arrivals, 50) if arrivals else None,
        called=len(waits),
        hours=tuple(HourRow(h, n, a) for h, (n, a) in sorted(per_hour.items())),
    )


def _m(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}"


def format_summary(s: BookingSummary) -> str:
    """The summary as text for the CLI, in Japanese with English (staff words)."""
    span = str(s.start) if s.start == s.end else f"{s.start} … {s.end}"
    c = s.counts
    rate = "—" if s.no_show_rate is None else f"{s.no_show_rate:.0%}"
    lines = [
        f"来庁予約 / bookings  {span}",
        f"  予約 {s.total} 件 / bookings: 受付前 to come {c.get('booked', 0)}, 受付済 checked in "
        f"{c.get('checked_in', 0)}, 遅刻→一般 late {c.get('late', 0)}, 不在 no-show {c.get('no_show', 0)}, "
        f"取消 cancelled {c.get('cancelled', 0)}",
        f"  不在率 / no-show rate: {rate}",
        f"  予約時刻後の待ち / wait after slot time: p50 {_m(s.wait_after_slot_p50_min)} 分 min, "
        f"p90 {_m(s.wait_after_slot_p90_min)} 分 min ({s.called} 件 called)",
        f"  到着（予約時刻比）/ arrival vs slot: p50 {_m(s.arrival_vs_slot_p50_min)} 分 min",
    ]
    if s.hours:
        lines.append("  時間帯別 / per hour (予約 booked / 受付済 arrived):")
        lines += [f"    {h.hour:02d}時  {h.booked:3d} / {h.arrived:3d}" for h in s.hours]
    return "\n".join(lines)


# -- in the main report (HTML, CSV, xlsx): one set of flat values, so the three outputs show the same numbers ----
# key: (ja, en, unit) — units as in shared.reports.labels.COLUMNS ("": count, "min", "%")
BOOKING_COLUMNS: dict[str, tuple[str, str, str]] = {
    "bookings": ("予約件数", "Bookings", ""),
    "booking_to_come": ("受付前", "To come", ""),
    "booking_checked_in": ("受付済（時間内）", "Checked in on time", ""),
    "booking_late": ("遅刻→一般", "Late (walk-in)", ""),
    "booking_no_show": ("不在", "No-show", ""),
    "booking_cancelled": ("取消", "Cancelled", ""),
    "booking_no_show_rate": ("予約不在率(%)", "Booking no-show rate (%)", "%"),
    "booking_wait_p50": ("予約時刻後の待ち 中央値(分)", "Wait after slot, median (min)", "min"),
    "booking_wait_p90": ("予約時刻後の待ち p90(分)", "Wait after slot, p90 (min)", "min"),
    "booking_arrival_p50": ("到着−予約時刻 中央値(分)", "Arrival vs slot, median (min)", "min"),
    "slot_booked": ("予約（取消除く）", "Booked (not cancelled)", ""),
    "slot_arrived": ("来庁（受付済・遅刻）", "Arrived (on time or late)", ""),
}
SUMMARY_COLUMNS = tuple(k for k in BOOKING_COLUMNS if not k.startswith("slot_"))
HOUR_COLUMNS = ("slot_booked", "slot_arrived")
TITLE = {"ja": "来庁予約", "en": "Appointments (来庁予約)"}
HOURS_TITLE = {"ja": "来庁予約 時間帯別（予約時刻）", "en": "Appointments by hour of the slot"}
NOTES = {
    "ja": [
        "来庁予約: 予約件数 = 集計期間に予約時刻のある予約（取消を含む）。受付済 = 猶予時間内にキオスクで受付、"
        "遅刻→一般 = 猶予時間を過ぎて一般の番号札になった予約、不在 = 受付のないまま猶予時間が過ぎた予約。",
        "予約不在率 = 不在 ÷（受付済 + 遅刻 + 不在）。受付前・取消は含みません。",
        "予約時刻後の待ち = 最初の呼出 − max(予約時刻, 受付時刻)（時間内に受付して呼ばれた予約のみ）。"
        "到着−予約時刻 = 受付時刻 − 予約時刻（負は早着）。",
        "時間帯別 = 予約時刻の時間帯ごとの予約（取消除く）と、そのうち来庁した予約（受付済・遅刻）。",
    ],
    "en": [
        "Appointments: bookings = bookings whose slot lies in the period (cancelled included). Checked in = at the "
        "kiosk within the grace time; late = past the grace time, given a walk-in ticket; no-show = the grace time "
        "passed without a check-in.",
        "Booking no-show rate = no-shows ÷ (checked in + late + no-shows); bookings still to come and cancelled "
        "ones are left out.",
        "Wait after slot = first call − the later of slot time and check-in (on-time bookings already called). "
        "Arrival vs slot = check-in − slot time (negative: early).",
        "By hour = bookings (not cancelled) per hour of the slot, and how many of them came (on time or late).",
    ],
}


def _pct(rate: float | None) -> float | None:
    return None if rate is None else 100.0 * rate


def booking_values(s: BookingSummary) -> dict[str, int | float | None]:
    """The summary as flat values in display units (counts, %, minutes): HTML, CSV and xlsx show these."""
    c = s.counts
    return {
        "bookings": s.total,
        "booking_to_come": c.get("booked", 0),
        "booking_checked_in": c.get("checked_in", 0),
        "booking_late": c.get("late", 0),
        "booking_no_show": c.get("no_show", 0),
        "booking_cancelled": c.get("cancelled", 0),
        "booking_no_show_rate": _pct(s.no_show_rate),
        "booking_wait_p50": s.wait_after_slot_p50_min,
        "booking_wait_p90": s.wait_after_slot_p90_min,
        "booking_arrival_p50": s.arrival_vs_slot_p50_min,
    }


def hour_values(h: HourRow) -> dict[str, int | float | None]:
    return {"slot_booked": h.booked, "slot_arrived": h.arrived}


def column(key: str, lang: str) -> str:
    ja, en, _ = BOOKING_COLUMNS[key]
    return en if lang == "en" else ja


def unit(key: str) -> str:
    return BOOKING_COLUMNS[key][2]


def words(table: dict[str, Any], lang: str) -> Any:
    return table["en" if lang == "en" else "ja"]
