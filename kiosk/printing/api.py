"""The small printing interface the kiosk talks to, and its error (bad settings are a ``ConfigError``)."""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from PIL import Image

ErrorKind = Literal["offline", "paper_out", "error"]
ERROR_KINDS: tuple[str, ...] = ("offline", "paper_out", "error")


@runtime_checkable
class Printer(Protocol):
    """Something that prints a rendered ticket image. Every failure is raised as :class:`PrinterError`."""

    #: Raster width in dots the ticket should be rendered at (``render_ticket(slip, width_px=printer.width_px)``).
    width_px: int

    def print_ticket(self, image: Image.Image) -> None: ...

    def test_page(self) -> None: ...


class PrinterError(Exception):
    """Printing failed. ``kind`` is "offline", "paper_out" or "error"; the two messages are for staff.

    The kiosk shows a kind message to the visitor (the ticket stays on screen) and raises a staff alert with
    ``message_ja``. ``detail`` keeps the underlying error text for the log.
    """

    def __init__(self, kind: ErrorKind, message_ja: str, message_en: str, detail: str = "") -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"PrinterError kind must be one of {ERROR_KINDS}, not {kind!r}")
        super().__init__(f"[{kind}] {message_en}" + (f" ({detail})" if detail else ""))
        self.kind: ErrorKind = kind
        self.message_ja = message_ja
        self.message_en = message_en
        self.detail = detail

    @classmethod
    def offline(cls, where: str, detail: str = "", cover_open: bool = False) -> PrinterError:
        if cover_open:
            return cls(
                "offline",
                f"プリンター（{where}）のカバーが開いています。カバーを閉じてください。",
                f"The printer ({where}) cover is open. Close the cover.",
                detail,
            )
        return cls(
            "offline",
            f"プリンター（{where}）に接続できません。電源・ケーブル・ネットワークを確認してください。",
            f"Cannot reach the printer ({where}). Check its power, cable and network.",
            detail,
        )

    @classmethod
    def paper_out(cls, where: str, detail: str = "") -> PrinterError:
        return cls(
            "paper_out",
            f"プリンター（{where}）の用紙がありません。ロール紙を補充してください。",
            f"The printer ({where}) is out of paper. Load a new roll.",
            detail,
        )

    @classmethod
    def error(cls, where: str, detail: str) -> PrinterError:
        return cls(
            "error",
            f"プリンター（{where}）で印刷できませんでした: {detail}",
            f"Printing on the printer ({where}) failed: {detail}",
            detail,
        )
