"""Fixture root: every live-data directive on the reference mission."""

extensions = ["okaeri.sphinxext"]
okaeri_cache = False
show_warning_types = True
exclude_patterns = ["_build"]
