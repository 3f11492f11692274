"""What the site serves beside its pages, and how a built site is served.

Files made from the catalog, each by a function that returns {site-relative path: bytes} and writes
nothing; `registry` lists them and generator/build.py writes them beside the pages: the feeds
(`feeds`), the calendars (`calendars`), the search index (`search`, its documents `search_docs`),
the charts (`charts`, laid out by `chart_layout`), the WebP variants of pictures (`images`), the
open data at /du-lieu/ (`opendata`, its CSVs written by `spreadsheet`, as are the charts') and the
web editor's files (`editor`). `identity` makes the icons and web manifest from mkdocs.yml's
`extra.icon`, not from the catalog; `sitemap` the sitemap and robots.txt from the pages' addresses;
`linked_data` the schema.org JSON-LD each page carries.

How a built site is served: `release` fingerprints and precompresses the finished site/ in place
(the one module here that writes files) and holds the serving policy (media types, cache headers)
that generator/deploy.py uploads with; `security` the response headers and the two
Content-Security-Policies; `servers` the nginx and Caddy configurations and the former provinces'
redirects that `khuyencong server-config` prints.
"""
