"""Rendering verification runs: terminal tables, JUnit XML, JSON, HTML and Markdown reports.

One jinja2 environment (:mod:`okaeri.report.environment`), view objects prepared in
Python (:mod:`okaeri.report.views`), templates that only display them.
"""
