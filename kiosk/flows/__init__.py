"""What the taps mean, without Qt: what the home screen offers, what a request issues, what a scan reads."""
