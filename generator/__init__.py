"""Generator for the khuyến công public portal.

The core (yamlio → models → content → catalog → render) reads site_data/, content/ and templates/
and returns values; it writes no file. It keeps module-level caches so `serve` redoes only what an
edit changed. `plugin` adapts it to MkDocs and writes the outputs; `cli` exposes it to communicators
and sets its process's environment (build date, language, SOURCE_DATE_EPOCH).
"""
