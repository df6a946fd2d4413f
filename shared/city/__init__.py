"""The city view: every ward office's queue on one public page (``madoguchi city``), from each office's public
``/api/status`` only, and the city-wide report over the offices' anonymised visit exports."""
