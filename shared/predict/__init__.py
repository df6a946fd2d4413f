"""Estimated waits: the predictor, its calibration from the event log, the baselines and the benchmark."""
