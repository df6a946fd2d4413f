"""The phone status page and web tickets (FastAPI)."""
