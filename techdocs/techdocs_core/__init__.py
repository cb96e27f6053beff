"""Offline stand-in for the ``techdocs-core`` mkdocs plugin (see README.md)."""
