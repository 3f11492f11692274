"""Files the site serves beside its pages, each made by one pure function of the catalog
(catalog in, {site-relative path: bytes} out); the plugin and the CLI only gather and write them."""
