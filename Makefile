# North Korea's Gambit: the data behind the argument.
# Two commands set up everything on a machine with python3 and make:
#   make book   - pinned environment, validate data, execute every notebook, build the HTML
#   make test   - every check (data, package, notebooks, browser, gates)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Bytecode compiled once at install: every kernel, build and test process then starts from .pyc files,
# even where PYTHONDONTWRITEBYTECODE is set (imports of the chart stack: 3.1 s -> 0.9 s).
export UV_COMPILE_BYTECODE := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help binder chromium deps lint validate check prepare book strict outputs test serve clean bench pdf ci history release site

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(UV): requirements-tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-tools.txt
	touch $@

$(VENV)/.synced: pyproject.toml uv.lock $(UV)
	$(UV) sync --frozen --python $(PYTHON) --quiet
	touch $@

deps: $(VENV)/.synced ## create the pinned environment from uv.lock (axe-core, pypdf, pypdfium2 included)

chromium: ## stop at once if Debian's Chromium (browser tests, PDF) is missing
	@command -v chromium >/dev/null || { echo "chromium is not installed: run apt-get install -y chromium" >&2; exit 1; }

validate: $(VENV)/.synced ## validate data/ against its schemas and rules (seconds)
	$(PY) -m bookbuild.validate

# Everything a page is made from: when none of it changed, make book and make pdf do nothing.
BOOK_INPUTS := $(shell find data book evidence bookbuild _templates _assets _extra -type f -not -name '*.pyc' \
	-not -path '*/.ipynb_checkpoints/*' 2>/dev/null) _config.yml _toc.yml CITATION.cff history.json pyproject.toml uv.lock
HTML_STAMP := _build/html/.built

prepare: $(VENV)/.synced ## validate, invalidate exactly, execute changed notebooks in parallel into the cache
	$(PY) -m bookbuild.execute prepare

# Chromium is checked first but, being a phony target, only after the bar: before it, it made the stamp always stale.
$(HTML_STAMP): $(VENV)/.synced $(BOOK_INPUTS) | chromium
	$(PY) -m bookbuild.publish
	touch $@

book: $(HTML_STAMP) ## validate, execute (cached, in parallel), build HTML and PDFs in a staging folder, publish to _build/html whole
	@echo "The book is at $(CURDIR)/_build/html/index.html (make serve: http://127.0.0.1:8000)"

strict: $(VENV)/.synced chromium ## rebuild every page from scratch, still strict, and publish
	$(PY) -m bookbuild.publish --all
	touch $(HTML_STAMP)

outputs: $(VENV)/.synced ## after a data or code change: write the (cached, re-executed where needed) outputs into book/*.ipynb
	$(PY) -m bookbuild.execute outputs

lint: $(VENV)/.synced ## ruff: formatting and lint rules over evidence/, tests/, tools/ and the notebooks (pyproject.toml)
	$(VENV)/bin/ruff format --check --quiet
	$(VENV)/bin/ruff check --quiet

check: $(VENV)/.synced ## the fast loop, no built site needed: lint, data validation and the unit tests (seconds)
	$(VENV)/bin/ruff format --check --quiet
	$(VENV)/bin/ruff check --quiet
	$(PY) -m bookbuild.validate
	$(PY) -m pytest -n 2 -q -m "not slow" tests

test: chromium lint book pdf ## run every check with pytest on two workers (the book, its PDF, the browser gates)
	$(PY) -m pytest -n 2 --dist loadscope

serve: ## preview the built book on http://127.0.0.1:8000
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

bench: chromium $(VENV)/.synced ## in one run: the serial build of a694b86 beside a clean build, rebuilds, make test, page weight, chart drawing, every chapter on a throttled phone beside 62aedf1; writes BENCHMARKS.md
	$(PY) tools/bench.py

pdf: $(HTML_STAMP) ## the book as PDFs, offline (made by make book with the pages): _build/html/pdf/book.pdf and one per chapter

binder: $(UV) ## regenerate binder/requirements.txt from uv.lock (Binder's environment; a test keeps them in sync)
	$(UV) export --frozen --no-hashes --no-default-groups --format requirements.txt --quiet > binder/requirements.txt

history: $(VENV)/.synced ## rewrite history.json: every claim's verdict in each release, from the tags v<version> and CHANGELOG.md
	$(PY) -m bookbuild.history

release: $(VENV)/.synced ## make release VERSION=x.y.z: bump, tag, build the edition once, add it to the editions branch (`python -m bookbuild.release check` says which bump)
	@test -n "$(VERSION)" || { $(PY) -m bookbuild.release check; echo "then: make release VERSION=<version>"; exit 1; }
	$(PY) -m bookbuild.release $(VERSION)

site: ## the site as the Pages deploy publishes it (every frozen edition, the latest at / and /latest/) into _build/site
	python3 -m bookbuild.editions site _build/site

clean: ## remove the build (keeps the environments)
	rm -rf _build

ci: test ## what CI runs
