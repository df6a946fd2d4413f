"""``python -m kiosk``: the same as ``madoguchi kiosk``."""

from __future__ import annotations

import sys

from kiosk.app import main

sys.exit(main())
