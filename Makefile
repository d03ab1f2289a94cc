# Every target sets itself up: a fresh machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
CHROMIUM := /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test bench audit linkcheck lint clean chromium schema

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(VENV)/.installed

# --dirty: a rebuild writes again only the pages whose HTML changed (hooks/cvsite/incremental.py)
serve: install  ## local preview with live reload at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT) --livereload

build: install  ## strict build into site/
	$(BIN)/mkdocs build --strict --site-dir site

# The browser tests drive Debian's Chromium; as root we install it, otherwise we say how.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Chromium at $(CHROMIUM): sudo apt-get install chromium" >&2; exit 1; fi; \
	fi

# Two workers (pytest-xdist), one shared build of the site for the tests that read it (tests/conftest.py).
WORKERS ?= 2
test: install chromium  ## the whole suite, browser tests included
	$(BIN)/python -m pytest -n $(WORKERS) --durations=15

# The JSON Schema of resources.yaml, generated from hooks/cvsite/model.py (a test fails when it is stale).
schema: install
	PYTHONPATH=hooks $(BIN)/python -m cvsite.schema

# Build time, hook time, memory and size at 1x, 10x and 50x papers, serve rebuild, reader bytes and
# Lighthouse (pinned in tests/bench/package-lock.json, needs Node.js). Writes docs/performance.md.
bench: install chromium
	@command -v npm >/dev/null || { echo "make bench needs Node.js and npm for Lighthouse: sudo apt-get install npm" >&2; exit 1; }
	@[ -x tests/bench/node_modules/.bin/lighthouse ] || npm ci --prefix tests/bench --no-audit --no-fund --silent
	$(BIN)/python tests/bench/bench.py

# Lighthouse 12.2.3 (pinned in tests/audit/package-lock.json, needs Node.js): accessibility, best practices
# and SEO of the home, a topic, a paper and the losses page, on a fresh strict build. Fails below 100.
audit: install chromium
	@command -v npm >/dev/null || { echo "make audit needs Node.js and npm for Lighthouse: sudo apt-get install npm" >&2; exit 1; }
	npm ci --prefix tests/audit --no-audit --no-fund --silent
	CHROME_PATH=$(CHROMIUM) $(BIN)/python tests/audit/audit.py

lint: install
	$(BIN)/ruff check hooks tests docs/implementations

# Every external URL of resources.yaml, with lychee (needs the internet): failures by line, and the
# last-verified day of each URL in docs/data/link-status.json. LINKCHECK_ARGS=--report FILE for Markdown.
linkcheck: install
	PYTHONPATH=hooks $(BIN)/python -m cvsite.linkcheck $(LINKCHECK_ARGS)

clean:
	rm -rf site $(VENV) .pytest_cache test-artifacts
