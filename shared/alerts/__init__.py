"""Near-turn alerts: channels (page, e-mail, plug-ins), wording, and the exactly-once runner."""
