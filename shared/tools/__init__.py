"""Benchmarks, synthetic history and the demo launcher: tools around the product, never imported by it.

The apps' own benches (kiosk/bench.py, counter/bench.py, display/bench.py) stay in their apps because they
drive the apps' Qt windows, which shared/ must not import.
"""
