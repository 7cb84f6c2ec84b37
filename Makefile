# The two commands of the README, and the checks. Everything installs itself on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: run demo test check format install browser clean

run: demo

demo: $(STAMP)  ## install, seed the sample merchant and serve (embedded PostgreSQL)
	$(VENV)/bin/ordertower demo

test: $(STAMP) browser  ## install what the tests need and run the whole suite
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

check: $(STAMP)  ## format check, lint, types, layer contracts
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

browser:  ## Debian packages the tests drive (chromium, poppler, zbar)
	@scripts/ensure-test-tools

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
