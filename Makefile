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
JB_FLAGS := -W -n --keep-going
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help deps validate book strict outputs test serve clean bench pdf ci

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(UV): requirements-tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-tools.txt
	touch $@

$(VENV)/.synced: pyproject.toml uv.lock $(UV)
	$(UV) sync --frozen --python $(PYTHON) --quiet
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

deps: $(VENV)/.synced node_modules/.installed ## create the pinned environments (Python from uv.lock, axe-core from package-lock.json)

validate: $(VENV)/.synced ## validate data/ against its schemas and rules (seconds)
	$(PY) -m evidence.validate

book: validate ## execute every notebook (cached) and build the HTML into _build/html
	$(PY) -m evidence.datacache
	$(PY) -m evidence.bibliography
	$(VENV)/bin/jupyter-book build . $(JB_FLAGS)
	@echo "The book is at $(CURDIR)/_build/html/index.html (make serve: http://127.0.0.1:8000)"

strict: validate ## rebuild every page from scratch, still strict
	$(PY) -m evidence.bibliography
	$(VENV)/bin/jupyter-book build . $(JB_FLAGS) --all

outputs: validate ## re-execute the notebooks in place after a data change (stored outputs for nbval)
	$(PY) -m evidence.outputs book/*.ipynb

test: book pdf node_modules/.installed ## run every check with pytest (the book, its PDF, the browser gates)
	$(PY) -m pytest

serve: ## preview the built book on http://127.0.0.1:8000
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

bench: book node_modules/.installed ## measure set-up, builds, tests, page weight and chart drawing; write BENCHMARKS.md
	$(PY) tools/bench.py

pdf: book ## print the book as PDFs, offline: _build/html/pdf/book.pdf and one per chapter (_build/html/pdf/<chapter>.pdf)
	$(PY) tools/print_pdf.py

clean: ## remove the build (keeps the environments)
	rm -rf _build

ci: test ## what CI runs
