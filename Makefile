# The two commands of the README do all the set-up: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
NODE_READY := node_modules/.package-lock.json
CONTENT ?= content
OUTPUT ?= output
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core; TEST_WORKERS=0 runs every test in one process.
TEST_WORKERS ?= auto
export PYTHONPATH := $(CURDIR)/plugins
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help validate build serve test bench bench-peers publish new import-p2pu fields links messages screenshots fonts icons map-data clean

help:
	@echo "make serve     build the bundled content and serve it on http://$(HOST):$(PORT)/"
	@echo "make test      check the import contracts, then every test, one process per core (TEST_WORKERS)"
	@echo "make validate  check every content file"
	@echo "make build     validate, then build the site into $(OUTPUT)/"
	@echo "make publish   build with SITEURL for deployment"
	@echo "make bench     the benchmark: our build against plain Pelican (BENCH_ENTRIES=20000)"
	@echo "make bench-peers  install Hugo and Eleventy, then the benchmark with every peer"
	@echo "make new       add a course, circle or organization (asks for each field; KIND=circle)"
	@echo "make import-p2pu CIRCLES=... COURSES=...  write content from P2PU's API answers (docs/importing.md)"
	@echo "make fields    rewrite the field reference in CONTRIBUTING.md from the schemas"
	@echo "make links     check course, signup and venue links; print a Markdown report"
	@echo "make messages  extract the interface's words into messages.pot and update each catalog"
	@echo "make screenshots  photograph the bundled site for the README (docs/screenshots/)"
	@echo "make fonts     copy the display preferences' fonts again from their pinned npm packages"
	@echo "make map-data  copy the maps' country shapes again from their pinned npm package"
	@echo "make icons     copy the access terms' icons again from the pinned Tabler Icons package"

$(READY): requirements.txt requirements-test.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

validate: $(READY)
	$(BIN)/python -m catalog validate $(CONTENT)

build: $(READY)
	$(BIN)/python -m catalog build $(CONTENT) $(OUTPUT)

publish: $(READY)
	$(BIN)/python -m catalog build $(CONTENT) $(OUTPUT) --settings publishconf.py

serve: $(READY)
	$(BIN)/python -m catalog serve $(CONTENT) $(OUTPUT) --host $(HOST) --port $(PORT)

$(NODE_READY): package.json package-lock.json
	npm ci --no-audit --no-fund --silent

test: $(READY) $(NODE_READY)
	$(BIN)/lint-imports .importlinter
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

bench: $(READY)
	$(BIN)/python tools/bench.py

# The benchmark's peers (Hugo from Debian, Eleventy from npm into tools/peers/), then the
# benchmark; never a dependency of the site.
bench-peers: $(READY)
	command -v hugo >/dev/null || apt-get install -y hugo || sudo apt-get install -y hugo
	cd tools/peers && npm ci --no-audit --no-fund --silent
	$(BIN)/python tools/bench.py

new: $(READY)
	$(BIN)/python -m catalog new --content $(CONTENT) $(KIND)

# Circles and courses from P2PU's API (docs/importing.md), e.g.
# make import-p2pu CIRCLES=circles.json COURSES=courses.json ORGANIZATION=my-library
import-p2pu: $(READY)
	$(BIN)/python -m catalog import p2pu --content $(CONTENT) --circles "$(CIRCLES)" \
		$(if $(COURSES),--courses "$(COURSES)") $(if $(ORGANIZATION),--organization $(ORGANIZATION)) \
		$(if $(TEAM),--team $(TEAM)) $(if $(DRY_RUN),--dry-run)

fields: $(READY)
	$(BIN)/python -m catalog.fieldref CONTRIBUTING.md

links: $(READY)
	$(BIN)/python tools/check_links.py $(CONTENT)

screenshots: $(READY)
	$(BIN)/python tools/screenshots.py

TRANSLATIONS := theme/translations
messages: $(READY)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k plural_table:1,2 --no-wrap \
		--sort-by-file --project="Learning Circles" -o $(TRANSLATIONS)/messages.pot plugins/catalog theme/templates
	for lang in $$($(BIN)/python -c 'import pelicanconf; print(*pelicanconf.CATALOG_LANGUAGES)'); do \
		test "$$lang" = en || test -f $(TRANSLATIONS)/$$lang/LC_MESSAGES/messages.po || \
		$(BIN)/pybabel -q init --no-wrap -l $$lang -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS); \
	done
	$(BIN)/pybabel -q update --no-wrap --no-fuzzy-matching --ignore-obsolete \
		-i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

# The readable fonts that the display preferences offer, vendored into the theme (so a build
# needs no npm) from the packages pinned in package.json: after changing a version there,
# `make fonts` copies the regular and bold WOFF2 files and each font's licence again.
FONTS := theme/static/fonts
FONTSOURCE := node_modules/@fontsource
ATKINSON := latin-400-normal latin-700-normal latin-ext-400-normal latin-ext-700-normal
OPENDYSLEXIC := latin-400-normal latin-700-normal
fonts: $(NODE_READY)
	rm -rf $(FONTS)
	mkdir -p $(FONTS)
	for file in $(ATKINSON); do \
		cp $(FONTSOURCE)/atkinson-hyperlegible/files/atkinson-hyperlegible-$$file.woff2 $(FONTS)/ || exit 1; \
	done
	for file in $(OPENDYSLEXIC); do \
		cp $(FONTSOURCE)/opendyslexic/files/opendyslexic-$$file.woff2 $(FONTS)/ || exit 1; \
	done
	cp $(FONTSOURCE)/atkinson-hyperlegible/LICENSE $(FONTS)/atkinson-hyperlegible-OFL.txt
	cp $(FONTSOURCE)/opendyslexic/LICENSE $(FONTS)/opendyslexic-OFL.txt

# The country shapes the maps are drawn from (Natural Earth, public domain, as TopoJSON by
# the world-atlas package pinned in package.json), vendored so that a build needs no npm.
MAP_DATA := plugins/catalog/outputs/data
map-data: $(NODE_READY)
	mkdir -p $(MAP_DATA)
	cp node_modules/world-atlas/countries-50m.json node_modules/world-atlas/countries-110m.json $(MAP_DATA)/
	cp node_modules/world-atlas/LICENSE $(MAP_DATA)/world-atlas-LICENSE.txt

# The access terms' icons (theme/icons/), from the Tabler Icons release tools/icons.py pins.
icons: $(READY)
	$(BIN)/python tools/icons.py

clean:
	rm -rf $(OUTPUT) .output-* .pytest_cache .hypothesis
