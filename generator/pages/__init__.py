"""The pages: `render.py` is the engine (templates, the render cache, the portal's own page lists);
`guidance.py`, `figures.py` and `english.py` are page modules. A page module returns `PageSpec`s
(spec.py), plain data saying which template renders which address with what; it never renders,
never calls back into the engine and never changes the catalog. The engine renders every spec and
gathers the warnings rendering gives (render.render_site)."""
