"""Generator for the khuyến công public portal.

The core (yamlio → models → catalog → render) is pure: it reads files and returns values.
`plugin` adapts it to MkDocs; `cli` exposes it to communicators.
"""
