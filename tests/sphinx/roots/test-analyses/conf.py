"""Fixture root: the analyses reference generated from the registry."""

extensions = ["okaeri.sphinxext"]
okaeri_cache = False
okaeri_verdict_warnings = False
show_warning_types = True
exclude_patterns = ["_build"]
