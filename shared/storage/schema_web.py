"""Tables of the phone/web area: the signing secret, rate-limit hits, alert subscriptions and sent alerts.

Everything here must survive a restart of ``madoguchi web``: a restarted process neither forgets a rate limit
nor sends an alert twice.
"""

from __future__ import annotations

from shared.storage.backend import Database
from shared.storage.migrations import migrations, run_script


@migrations(name="web_m001_tables")
def web_m001_tables(db: Database) -> None:
    run_script(
        db,
        """
        -- random keys created once per office DB (CSRF signing), shared by every web worker
        CREATE TABLE web_secret (
            name TEXT PRIMARY KEY,
            value BLOB NOT NULL,
            created_at REAL NOT NULL
        ) STRICT;

        -- one row per counted request (ticket issued, e-mail subscription); pruned after a day
        CREATE TABLE web_hit (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            ts REAL NOT NULL
        ) STRICT;
        CREATE INDEX web_hit_key ON web_hit(kind, key, ts);

        -- a visitor's opt-in for near-turn alerts on one channel; address is NULL for the on-page channel
        -- and is erased once the ticket is closed (no personal data kept)
        CREATE TABLE web_subscription (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES ticket(id),
            channel TEXT NOT NULL,
            address TEXT,
            lang TEXT NOT NULL DEFAULT 'ja',
            people TEXT NOT NULL DEFAULT '[]',
            minutes TEXT NOT NULL DEFAULT '[]',
            active INTEGER NOT NULL DEFAULT 1,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            UNIQUE (ticket_id, channel)
        ) STRICT;

        -- each threshold of each leg of each ticket fires at most once per channel: the UNIQUE key is the guard
        CREATE TABLE web_alert (
            id INTEGER PRIMARY KEY,
            subscription_id INTEGER NOT NULL REFERENCES web_subscription(id),
            ticket_id INTEGER NOT NULL REFERENCES ticket(id),
            leg_id INTEGER NOT NULL REFERENCES leg(id),
            kind TEXT NOT NULL CHECK (kind IN ('ahead', 'minutes', 'called')),
            value INTEGER NOT NULL,
            channel TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'merged', 'dropped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            sent_at REAL,
            tried_at REAL,
            title TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            error TEXT,
            UNIQUE (ticket_id, leg_id, kind, value, channel)
        ) STRICT;
        CREATE INDEX web_alert_ticket ON web_alert(ticket_id, id);
        CREATE INDEX web_alert_state ON web_alert(state);
        """,
    )
