# Facturo: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs every test.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GREETINGS := $(VENV)/.greetings-installed
HTMX_VERSION := 2.0.11
HTMX := core/web/static/vendor/htmx.min.js
HOST ?= 127.0.0.1
PORT ?= 8000
# links in e-mails (password, invitation) are built on this address only
FACTURO_PUBLIC_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install fonts static i18n i18n-extract migrate demo test-deps lint bench screenshots clean

run: install static i18n migrate demo
	FACTURO_PUBLIC_URL=$(FACTURO_PUBLIC_URL) $(BIN)/facturo serve --with-worker --host $(HOST) --port $(PORT)

test: install static i18n test-deps
	$(BIN)/pytest $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) fonts

$(GREETINGS): tests/addon_packages/facturo-greetings/pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e tests/addon_packages/facturo-greetings
	touch $(GREETINGS)

# $(call apt_install,package): install a Debian package when this machine lacks it.
apt_install = { echo "installing Debian's $(1)"; \
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null) \
  || { echo "!!! $(1) could not be installed !!!"; exit 1; }; }

# The PDF themes embed DejaVu Sans (Latin Extended: ł, ő, č, ...), Debian's fonts-dejavu-core.
FONT := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
fonts:
	@test -f $(FONT) || test -n "$$FACTURO_FONT_DIR" || $(call apt_install,fonts-dejavu-core)

# htmx comes from the npm registry at set-up time; it is not committed.
static: $(HTMX)

$(HTMX):
	@command -v npm >/dev/null 2>&1 || $(call apt_install,npm)
	mkdir -p var/npm $(dir $(HTMX))
	cd var/npm && npm pack --silent htmx.org@$(HTMX_VERSION) >/dev/null
	tar -xzf var/npm/htmx.org-$(HTMX_VERSION).tgz -C var/npm
	cp var/npm/package/dist/htmx.min.js $(HTMX)

i18n: install
	$(BIN)/facturo i18n compile

i18n-extract: install
	$(BIN)/facturo i18n extract

migrate: install
	$(BIN)/facturo db upgrade

demo: install
	$(BIN)/facturo demo --url http://$(HOST):$(PORT)

# What only the tests need: the sample third-party addon installed with pip, PostgreSQL's
# initdb/pg_ctl (the tests start a throwaway cluster), Debian's Chromium for the browser
# tests and zbarimg (zbar-tools) to read back the EPC QR codes the PDFs print.
test-deps: install $(GREETINGS)
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  || $(call apt_install,postgresql)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "!!! chromium could not be installed: browser tests will be skipped !!!"; }
	@command -v zbarimg >/dev/null 2>&1 || $(call apt_install,zbar-tools)

lint: install
	$(BIN)/ruff check .

# The list-page bench loads the server with Debian's wrk (an in-process client otherwise,
# which takes a share of the two cores it measures).
bench: install
	@command -v wrk >/dev/null 2>&1 || $(call apt_install,wrk)
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

# The README's pictures: a demo served on a free port, photographed in Chromium.
screenshots: install static i18n
	$(BIN)/python docs/make_screenshots.py

clean:
	rm -rf $(VENV) var core/web/static/vendor
