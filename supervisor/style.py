"""The console's style sheet. Breaches carry a mark and a word (▲ 目標超過, ⚠ 長時間), never colour alone."""

from __future__ import annotations

INK = "#111111"
WINDOW = "#f4f6f9"
NAVY = "#0a2a5e"
BROWN = "#7c2d12"
GREEN = "#145a32"


def style(px: int = 15) -> str:
    """The sheet with body text at ``px`` pixels (13 on a 1366×768 screen), in the apps' one UI family (one
    family only: a list would make Qt probe the CJK face for Devanagari again)."""
    from shared.qt.fonts import ui_family

    family = ui_family()
    return f"""
QMainWindow, QWidget {{ background: {WINDOW}; color: {INK}; font-family: "{family}"; font-size: {px}px; }}
QLabel#header {{ font-size: {px + 8}px; font-weight: bold; color: {NAVY}; }}
QLabel#title {{ font-size: {px + 12}px; font-weight: bold; color: {NAVY}; }}
QLabel#today {{ font-size: {px + 1}px; background: #ffffff; border: 1px solid #c8ced8; padding: 6px; }}
QLabel#bookings {{ font-size: {px}px; background: #f4f8ff; border: 1px solid #c8ced8; padding: 4px 6px; }}
QLabel#message {{ font-size: {px + 1}px; padding: 4px; color: {GREEN}; }}
QLabel#message[error="true"] {{ color: {BROWN}; font-weight: bold; }}
QTableWidget {{ background: #ffffff; gridline-color: #d5dae3; font-size: {px}px; }}
QTableWidget::item:selected {{ background: {NAVY}; color: #ffffff; }}
QHeaderView::section {{ background: #e3e8f0; font-weight: bold; padding: 4px; border: 0; }}
QPushButton {{ background: {NAVY}; color: #ffffff; border-radius: 4px; padding: 6px 10px; font-size: {px}px; }}
QPushButton:disabled {{ background: #9aa3b2; color: #f0f0f0; }}
QLineEdit, QComboBox, QSpinBox {{ background: #ffffff; border: 1px solid #9aa3b2; padding: 4px; }}
QListWidget {{ background: #ffffff; color: {BROWN}; font-weight: bold; }}
QTabBar::tab {{ padding: 8px 18px; font-size: {px + 1}px; }}
QTabBar::tab:selected {{ background: #ffffff; font-weight: bold; }}
"""
