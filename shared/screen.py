"""Screen sizes given on the command line (``--size 1080x1920``) by every app."""

from __future__ import annotations

import argparse


def parse_size(text: str) -> tuple[int, int]:
    """'1920x1080' -> (1920, 1080); an argparse type with a readable error."""
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"サイズは 1920x1080 の形で指定してください / use WIDTHxHEIGHT like 1920x1080: {text!r}"
        ) from None
    if not (320 <= w <= 7680 and 320 <= h <= 7680):
        raise argparse.ArgumentTypeError(
            f"サイズが範囲外です（320〜7680） / size out of range 320–7680: {text!r}"
        )
    return w, h
