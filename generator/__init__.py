"""Generator for the khuyến công public portal.

The core (yamlio → models → kinds → content → entries/catalog → pages and outputs) reads
site_data/, content/ and templates/ and returns values; `build` runs its steps and writes the
outputs, the sitemap, the release and the cache. What the process remembers between builds is in
`memory`, so `serve` redoes only what an edit changed. `plugin` adapts the build to MkDocs, which
writes the pages through the theme; `cli` exposes it to communicators and sets its process's
environment (build date, language, SOURCE_DATE_EPOCH).
"""
