# Two commands matter: `make serve` and `make test`. Everything they need is installed here.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
BUILD_STAMP := $(VENV)/.installed-build
export NO_MKDOCS_2_WARNING := 1
# test-fast's pytest workers (pytest-xdist): one per core
FAST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
# test-fast's temporary folders (the built test portals and their copies: some 2 GB in 180,000 small
# files) go in memory, under /dev/shm, when it has 4 GB free and the machine 6 GB available: on a
# disk, writing those files and deleting them later (pytest removes old runs' folders) costs the loop
# some 20 seconds (CONTRIBUTING.md). Elsewhere (FAST_TMP= on the command line, or too little room):
# pytest's own place, under $TMPDIR.
FAST_TMP ?= $(shell d=/dev/shm; test -d $$d && test -w $$d \
  && test "$$(df -Pk $$d 2>/dev/null | awk 'NR == 2 {print $$4}')" -gt 4194304 2>/dev/null \
  && test "$$(awk '/^MemAvailable:/ {print $$2}' /proc/meminfo 2>/dev/null)" -gt 6291456 2>/dev/null && echo $$d)
FAST_PYTEST = $(BIN)/python -m pytest -q -m "not browser and not slow" -n $(FAST_WORKERS) --dist loadgroup

.PHONY: serve edit build test test-fast lint check bench bench-large bench-lighthouse clean test-deps editor-deps regen-expected guide-shots translations icons

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip==26.3

# What building and serving need (the generator and its pinned packages), and on top of it what the
# tests need (checkers, Playwright).
$(BUILD_STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $(BUILD_STAMP)

$(STAMP): $(BUILD_STAMP)
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

## serve: set up, build the sample portal and serve it at http://127.0.0.1:8000 (rebuilds on change)
serve: $(BUILD_STAMP)
	$(BIN)/python -m generator serve --drafts

# The web editor (Decap CMS) and its local proxy (decap-server), pinned in generator/outputs/editor/.
EDITOR := generator/outputs/editor/node_modules/.package-lock.json
editor-deps: $(EDITOR)
$(EDITOR): generator/outputs/editor/package.json generator/outputs/editor/package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null; }
	cd generator/outputs/editor && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

## edit: the portal with its web editor at http://127.0.0.1:8000/quan-tri/, saving into this folder
edit: $(BUILD_STAMP) $(EDITOR)
	@trap 'kill $$proxy 2>/dev/null' EXIT INT TERM; \
	 PORT=8081 BIND_HOST=127.0.0.1 MODE=fs GIT_REPO_DIRECTORY=$(CURDIR) node generator/outputs/editor/node_modules/decap-server/dist/index.js & proxy=$$!; \
	 EDITOR_PROXY=http://127.0.0.1:8081/api/v1 $(BIN)/python -m generator serve --drafts

## build: write the site to site/ (built aside, then swapped in), with the web editor;
## BUILD_ARGS="--cache .cache/build" starts from the last build kept there (CI)
build: $(BUILD_STAMP) $(EDITOR)
	$(BIN)/python -m generator build $(BUILD_ARGS)

## check: validate site_data/ and content/ without building
check: $(BUILD_STAMP)
	$(BIN)/python -m generator check

# Debian packages the tests use: chromium for the real-browser tests (Playwright never downloads
# a browser here), jing to validate Atom feeds against the RFC 4287 schema, a Java runtime for the
# Nu HTML checker, nginx (with its brotli_static module) and Caddy to serve the built site with the
# configurations `khuyencong server-config` writes. Then the npm checkers (axe-core, vnu-jar), pinned in tests/tools/package-lock.json.
TOOLS := tests/tools/node_modules/.package-lock.json
test-deps: $(TOOLS) $(EDITOR)
	@command -v chromium >/dev/null 2>&1 && command -v jing >/dev/null 2>&1 && command -v java >/dev/null 2>&1 \
	  && command -v nginx >/dev/null 2>&1 && command -v caddy >/dev/null 2>&1 && test -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium jing default-jre-headless \
	    nginx-light libnginx-mod-http-brotli-static caddy >/dev/null; }

$(TOOLS): tests/tools/package.json tests/tools/package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null; }
	cd tests/tools && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

## test: set up, lint, then run the whole suite; prints how long it took (wall time, from the start of the target)
test: $(STAMP) test-deps bench/tools/node_modules/.package-lock.json
	@start=$$(date +%s); set -x; $(BIN)/ruff check generator tests bench && \
	  KHUYENCONG_TEST_STARTED=$$start KHUYENCONG_TEST_TARGET=test $(BIN)/python -m pytest -q

## test-fast: the edit-and-test loop: lint, then the unit and build tests, without browsers or the
## slow end-to-end runs (`slow`: CONTRIBUTING.md lists them), on every core; prints how long it took.
## Its temporary files in memory (FAST_TMP): removed when every test passed, else kept and named until the
## next run (each failed run left 2 GB in memory, and a machine short of memory builds slower)
test-fast: $(STAMP) test-deps
	@start=$$(date +%s); set -x; $(BIN)/ruff check generator tests bench || exit 1; \
	export KHUYENCONG_TEST_STARTED=$$start KHUYENCONG_TEST_TARGET=test-fast; \
	if [ -z "$(FAST_TMP)" ]; then $(FAST_PYTEST); exit; fi; \
	rm -rf "$(FAST_TMP)"/khuyencong-test-fast.*; \
	tmp=$$(mktemp -d -p "$(FAST_TMP)" khuyencong-test-fast.XXXXXX) || exit 1; \
	$(FAST_PYTEST) --basetemp="$$tmp"; code=$$?; \
	if [ $$code = 0 ]; then rm -rf "$$tmp"; else echo "test-fast: the tests' temporary files are kept in $$tmp"; fi; \
	exit $$code

## lint: ruff (pyflakes' errors, unused imports, lines over 120 characters) over generator/, tests/, bench/
lint: $(STAMP)
	$(BIN)/ruff check generator tests bench

## regen-expected: rewrite the bad-input cases' expected reports (tests/fixtures/bad/*/expected*.txt); read the diff
regen-expected: $(STAMP)
	$(BIN)/python -m tests.regen_expected

## translations: gather the interface strings (templates, theme, generator) and merge them into each
## language's catalogue, templates/locales/<lang>/LC_MESSAGES/messages.po; then translate the empty msgstr
translations: $(BUILD_STAMP)
	$(BIN)/pybabel -q extract -F templates/locales/babel.cfg --add-location=file --sort-by-file --no-wrap \
		--project="Cổng thông tin khuyến công" --copyright-holder="" -o templates/locales/messages.pot .
	$(BIN)/pybabel -q update -i templates/locales/messages.pot -d templates/locales -l en --no-fuzzy-matching --no-wrap --ignore-obsolete

## icons: write the icons generator/icons.py lists into content/assets/portal.css (Material's bundled set)
icons: $(BUILD_STAMP)
	$(BIN)/python -m generator.icons

## guide-shots: the web editor's screenshots, taken by its browser tests, into the publishing guide
guide-shots: $(STAMP) test-deps
	$(BIN)/python -m pytest -q tests/browser/test_editor.py
	$(BIN)/python -m tests.guide_shots

## bench: build synthetic portals of 1,000 and 10,000 items, and the same corpus with Hugo + Pagefind and
## with stock MkDocs-Material (about 15 minutes); print and record the figures side by side in PERFORMANCE.md
bench: $(STAMP) test-deps bench/tools/node_modules/.package-lock.json
	$(BIN)/python -m bench.run 1000 10000

## bench-large: the same measures on a synthetic portal of 100,000 items (about 20 minutes); updates PERFORMANCE.md
bench-large: $(STAMP) test-deps
	$(BIN)/python -m bench.run large

## bench-lighthouse: Lighthouse (mobile) on the sample portal's main page types; updates PERFORMANCE.md
bench-lighthouse: $(STAMP) test-deps bench/tools/node_modules/.package-lock.json
	$(BIN)/python -m bench.run lighthouse

bench/tools/node_modules/.package-lock.json: bench/tools/package.json bench/tools/package-lock.json
	cd bench/tools && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

clean:
	rm -rf site .site-* test-artifacts .bench
