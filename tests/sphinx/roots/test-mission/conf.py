"""Fixture root: a mission given by the test (``okaeri_mission`` is overridden)."""

extensions = ["okaeri.sphinxext"]
okaeri_cache = False
show_warning_types = True
exclude_patterns = ["_build"]
