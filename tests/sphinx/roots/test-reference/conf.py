"""Fixture root: the generated references (model files, command line, validation)."""

extensions = ["okaeri.sphinxext", "okaeri.cli.reference"]
okaeri_cache = False
okaeri_verdict_warnings = False
show_warning_types = True
exclude_patterns = ["_build"]
