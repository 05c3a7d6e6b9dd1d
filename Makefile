# Developer shortcuts for newsseg. CI runs .ci/run (see `make ci`).
PY ?= .venv/bin/python
PYTHON3 ?= python3

.DEFAULT_GOAL := help
.PHONY: help install test test-all lint bench evaluate fuzz dist clean ci

help: ## Show this help
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

install: ## Create .venv (if missing) and install newsseg editable with the dev extras
	@test -x $(PY) || $(PYTHON3) -m venv .venv
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[dev]'

test: ## Run the test suite (tests/, docs/*.md doctests, module doctests), slow ones skipped
	$(PY) -m pytest

test-all: ## Run the whole test suite, slow timing screens and full-size inputs too (as CI)
	NEWSSEG_SLOW=1 $(PY) -m pytest

lint: ## ruff check + mypy --strict
	$(PY) -m ruff check .
	$(PY) -m mypy --strict newsseg

bench: ## Run the benchmarks
	$(PY) benchmarks/run_all.py

evaluate: ## Score the segmenter against the shared gold corpus
	$(PY) benchmarks/evaluate.py

fuzz: ## Run the fuzzer (fuzz/run.sh) if present
	@if [ -x fuzz/run.sh ] || [ -f fuzz/run.sh ]; then \
		PY=$(PY) bash fuzz/run.sh; \
	else \
		echo "fuzz/run.sh not found: no fuzzer yet"; \
	fi

dist: ## Build sdist + wheel into dist/ and check them
	rm -rf dist build
	$(PY) -m build --outdir dist .
	$(PY) -m twine check --strict dist/*

clean: ## Remove build, cache and CI artefacts
	rm -rf dist build *.egg-info .ci-venv .pytest_cache .mypy_cache .ruff_cache .hypothesis .benchmarks
	find . -path ./.venv -prune -o -name __pycache__ -type d -exec rm -rf {} +

ci: ## Run the full CI script locally
	bash .ci/run
