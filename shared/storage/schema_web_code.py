"""Table of the e-mail one-time code that may guard a web ticket (``[web] email_code = true``).

No personal data: the address is kept only as a keyed hash (HMAC with a per-office secret from ``web_secret``),
the code only as a keyed hash; the challenge is a random handle of the code page, bound to the device. Rows live until the code expires and are purged on the next write.
"""

from __future__ import annotations

from shared.storage.backend import Database
from shared.storage.migrations import migrations, run_script


@migrations(name="web_m002_email_code")
def web_m002_email_code(db: Database) -> None:
    run_script(
        db,
        """
        -- one code sent for one web-ticket request; 'used' holds the ticket it issued (a replay finds it)
        CREATE TABLE web_email_code (
            id INTEGER PRIMARY KEY,
            challenge TEXT NOT NULL UNIQUE,
            device_hash BLOB NOT NULL,
            addr_key TEXT NOT NULL,
            code_hash BLOB NOT NULL,
            request TEXT NOT NULL DEFAULT '{}',
            service TEXT NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'used', 'void')),
            ticket_id INTEGER REFERENCES ticket(id),
            used_at REAL
        ) STRICT;
        CREATE INDEX web_email_code_expiry ON web_email_code(expires_at);
        CREATE INDEX web_email_code_sender ON web_email_code(device_hash, addr_key, created_at);
        """,
    )
