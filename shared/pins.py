"""Supervisor PINs: stored in the office profile as scrypt hashes, never as the digits.

``hash_pin("4821")`` gives ``scrypt$16384$8$1$<salt hex>$<hash hex>``; :func:`verify_pin` checks a typed PIN
against it in constant time. ``madoguchi supervisor hash-pin`` prints a hash to paste into ``[supervisor] pins``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
PIN_MIN, PIN_MAX = 4, 12


def check_pin_text(pin: str) -> str | None:
    """Why ``pin`` is not an acceptable supervisor PIN, or None."""
    if not (pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        return f"PIN must be {PIN_MIN}–{PIN_MAX} digits"
    return None


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    return f"{SCHEME}${N}${R}${P}${salt.hex()}${_derive(pin, salt, N, R, P).hex()}"


def parse_hash(text: str) -> tuple[int, int, int, bytes, bytes] | None:
    """(n, r, p, salt, digest) of a stored hash, or None when it is not one of ours."""
    parts = text.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, digest = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
    except ValueError:
        return None
    if n < 2 or n & (n - 1) or not (1 <= r <= 32 and 1 <= p <= 16) or len(salt) < 8 or len(digest) != 32:
        return None
    return n, r, p, salt, digest


def verify_pin(pin: str, stored: str) -> bool:
    parsed = parse_hash(stored)
    if parsed is None:
        return False
    n, r, p, salt, digest = parsed
    return hmac.compare_digest(_derive(pin, salt, n, r, p), digest)
