"""The ward-day simulator: arrivals, service, visitors and staffing driving the real queue engine."""
