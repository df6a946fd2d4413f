"""Tables of 来庁予約 (appointments, :mod:`shared.booking`): bookable slots and the bookings in them.

Overbooking is refused by the database itself: a seat is taken by one conditional ``UPDATE booking_slot SET taken
= taken + 1 … WHERE taken < capacity`` (one row, so concurrent writers queue on it) and a ``CHECK (taken <=
capacity)`` backs it. No address is stored: ``addr_key`` is a keyed hash (as for the e-mail one-time code), and
``device_hash`` is the keyed hash of the phone's device cookie.
"""

from __future__ import annotations

from shared.storage.backend import Database
from shared.storage.migrations import migrations, run_script


@migrations(name="booking_m001_tables")
def booking_m001_tables(db: Database) -> None:
    run_script(
        db,
        """
        -- one row per (capacity pool, slot start): made on the first booking of that slot
        CREATE TABLE booking_slot (
            service TEXT NOT NULL,
            start_ts REAL NOT NULL,
            day TEXT NOT NULL,
            capacity INTEGER NOT NULL CHECK (capacity >= 0),
            taken INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (service, start_ts),
            CHECK (taken >= 0 AND taken <= capacity)
        ) STRICT;
        CREATE INDEX booking_slot_day ON booking_slot(day);

        CREATE TABLE booking (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            token TEXT NOT NULL UNIQUE,
            service TEXT NOT NULL,
            bundle TEXT,
            request TEXT NOT NULL DEFAULT '{}',
            day TEXT NOT NULL,
            slot_ts REAL NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('web', 'staff', 'kiosk')),
            lang TEXT NOT NULL DEFAULT 'ja',
            device_hash TEXT,
            addr_key TEXT,
            state TEXT NOT NULL DEFAULT 'booked'
                CHECK (state IN ('booked', 'cancelled', 'checked_in', 'late', 'no_show')),
            created_at REAL NOT NULL,
            ended_at REAL,
            ticket_id INTEGER REFERENCES ticket(id),
            FOREIGN KEY (service, slot_ts) REFERENCES booking_slot(service, start_ts)
        ) STRICT;
        CREATE INDEX booking_day ON booking(day, state);
        CREATE INDEX booking_device ON booking(device_hash, day) WHERE device_hash IS NOT NULL;
        CREATE INDEX booking_addr ON booking(addr_key, day) WHERE addr_key IS NOT NULL;
        CREATE INDEX booking_ticket ON booking(ticket_id) WHERE ticket_id IS NOT NULL;

        -- the slot start of a checked-in booking's first leg: the call policy ranks it there (NULL: walk-in)
        ALTER TABLE leg ADD COLUMN slot_ts REAL;
        CREATE INDEX leg_booked_waiting ON leg(queue, slot_ts) WHERE state = 'waiting' AND slot_ts IS NOT NULL;
        """,
    )
